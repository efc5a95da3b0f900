import type { AdminPage, PageHandler } from 'adminjs';
import { z } from 'zod';
import { isAppError } from '../../src/lib/errors.js';
import { loadEditableTemplate, resetEmailTemplate, saveEmailTemplate } from '../../src/notify/edit-email-template.js';
import { previewEmailTemplate } from '../../src/notify/preview-email-template.js';
import { listEmailTemplates } from '../../src/notify/template-catalog.js';
import { EmailTemplate } from '../../src/models/index.js';
import { Components } from '../component-loader.js';
import { staffCtx } from '../context.js';
import { roleOf } from '../rbac.js';

const request = z.discriminatedUnion('op', [
  z.object({ op: z.literal('load'), key: z.string().max(64) }),
  z.object({ op: z.literal('preview'), key: z.string().max(64), subject: z.string(), html: z.string(), text: z.string().optional() }),
  z.object({ op: z.literal('save'), key: z.string().max(64), subject: z.string(), html: z.string(), text: z.string().optional(), enabled: z.enum(['true', 'false']).optional() }),
  z.object({ op: z.literal('reset'), key: z.string().max(64) }),
]);

/**
 * The `emailTemplates` page (admins only; checked here, not only hidden): GET lists every template with its
 * description and whether staff changed it; POST `op` loads one, previews a draft with sample data, saves or resets.
 * Answers carry `error` (a message for the editor) instead of throwing, so a broken draft shows what is wrong.
 */
export const emailTemplatesHandler: PageHandler = async (req, _res, context) => {
  if (roleOf(context.currentAdmin ?? undefined) !== 'admin') return { allowed: false, templates: [] };
  if (req.method?.toLowerCase() !== 'post') {
    const overridden = new Map((await EmailTemplate.findAll({ attributes: ['key', 'enabled', 'updatedAt'] })).map((t) => [t.key, t]));
    return {
      allowed: true,
      templates: listEmailTemplates().map((t) => ({
        key: t.key,
        description: t.description,
        essential: t.essential,
        overridden: overridden.has(t.key),
        enabled: overridden.get(t.key)?.enabled ?? true,
        variables: t.variables,
      })),
    };
  }
  const parsed = request.safeParse(req.payload ?? {});
  if (!parsed.success) return { allowed: true, error: 'The request was incomplete.' };
  const input = parsed.data;
  const ctx = staffCtx(context.currentAdmin);
  try {
    switch (input.op) {
      case 'load':
        return { allowed: true, template: await loadEditableTemplate(input.key) };
      case 'preview': {
        const preview = await previewEmailTemplate(input.key, { subject: input.subject, html: input.html, text: input.text ?? null });
        return { allowed: true, preview: { subject: preview.subject, html: preview.html, text: preview.text } };
      }
      case 'save':
        return {
          allowed: true,
          template: await saveEmailTemplate({ key: input.key, subject: input.subject, html: input.html, text: input.text ?? null, enabled: input.enabled !== 'false' }, ctx),
          notice: 'Saved: new mail uses this version.',
        };
      case 'reset':
        return { allowed: true, template: await resetEmailTemplate(input.key, ctx), notice: 'Reset: new mail uses the built-in template.' };
    }
  } catch (err) {
    if (isAppError(err) && err.status < 500) return { allowed: true, error: err.message };
    throw err;
  }
};

/** Email templates in the sidebar: edit with a live preview, variables listed beside the editor. */
export const emailTemplatesPage: AdminPage = { component: Components.TemplateEditor, handler: emailTemplatesHandler, icon: 'Mail' };
