import fs from 'node:fs/promises';
import path from 'node:path';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.js';
import { EmailTemplate } from '../models/index.js';
import { EMAILS_DIR } from './email-views.js';
import { previewEmailTemplate } from './preview-email-template.js';
import { TEMPLATE_KEY, type TemplateSource } from './render-email-template.js';
import { templateEntry } from './template-catalog.js';

/** What the editor shows for one template: the source being edited (staff's override, else the built-in files). */
export interface EditableTemplate {
  key: string;
  description: string;
  essential: boolean;
  overridden: boolean;
  enabled: boolean;
  subject: string;
  html: string;
  text: string;
  updatedAt: string | null;
}

const MAX_SOURCE = 100_000;

function entryOf(key: string) {
  const entry = TEMPLATE_KEY.test(key) ? templateEntry(key) : undefined;
  if (!entry) throw new NotFoundError('email_template_not_found', `No email template "${key}"`);
  return entry;
}

async function readBuiltIn(file: string): Promise<string> {
  return fs.readFile(path.join(EMAILS_DIR, file), 'utf8').catch(() => '');
}

/** The source of a template as the editor opens it. */
export async function loadEditableTemplate(key: string): Promise<EditableTemplate> {
  const entry = entryOf(key);
  const stored = await EmailTemplate.findOne({ where: { key } });
  if (stored) {
    return { key, description: entry.description, essential: entry.essential, overridden: true, enabled: stored.enabled, subject: stored.subject, html: stored.html, text: stored.text ?? '', updatedAt: stored.updatedAt.toISOString() };
  }
  const [html, text] = await Promise.all([readBuiltIn(`${key}.hbs`), readBuiltIn(`${key}.txt.hbs`)]);
  return { key, description: entry.description, essential: entry.essential, overridden: false, enabled: true, subject: entry.subject, html, text, updatedAt: null };
}

/** Staff who may change the mail customers receive. */
function assertMayEdit(ctx: Ctx): void {
  if (ctx.actor.type !== 'system' && ctx.actor.role !== 'admin') throw new ForbiddenError('email_templates_admin_only', 'Only admins edit email templates.');
}

/**
 * Saves staff's version of a template (subject, HTML body, optional text body, enabled). It must render with the
 * template's sample data first, so a broken edit never reaches a customer; essential mail cannot be disabled.
 */
export async function saveEmailTemplate(input: { key: string; enabled?: boolean } & TemplateSource, ctx: Ctx): Promise<EditableTemplate> {
  assertMayEdit(ctx);
  const entry = entryOf(input.key);
  const source = { subject: input.subject.trim(), html: input.html, text: input.text?.trim() ? input.text : null };
  if (!source.subject || source.subject.length > 255) throw new ValidationError('email_template_subject_invalid', 'The subject needs 1-255 characters.');
  if (!source.html.trim() || source.html.length > MAX_SOURCE || (source.text?.length ?? 0) > MAX_SOURCE) {
    throw new ValidationError('email_template_body_invalid', `The HTML body is required; each body has at most ${MAX_SOURCE} characters.`);
  }
  const enabled = input.enabled ?? true;
  if (!enabled && entry.essential) throw new ValidationError('email_template_essential', 'This mail is essential (security, money owed, service state) and cannot be turned off.');
  await previewEmailTemplate(input.key, source);

  await inTransaction(ctx, async (transaction) => {
    const existing = await EmailTemplate.findOne({ where: { key: input.key }, transaction, lock: transaction.LOCK.UPDATE });
    const before = existing ? { subject: existing.subject, html: existing.html, text: existing.text, enabled: existing.enabled } : null;
    const values = { ...source, enabled, description: entry.description, updatedBy: ctx.actor.userId };
    const row = existing ? await existing.update(values, { transaction }) : await EmailTemplate.create({ key: input.key, ...values }, { transaction });
    await recordAudit({ action: existing ? 'email_template.updated' : 'email_template.created', entityType: 'email_template', entityId: row.id, before, after: { subject: source.subject, html: source.html, text: source.text, enabled } }, { ...ctx, transaction });
  });
  return loadEditableTemplate(input.key);
}

/** Drops staff's version: the built-in template is used again. Resetting a template without an override changes nothing. */
export async function resetEmailTemplate(key: string, ctx: Ctx): Promise<EditableTemplate> {
  assertMayEdit(ctx);
  entryOf(key);
  await inTransaction(ctx, async (transaction) => {
    const existing = await EmailTemplate.findOne({ where: { key }, transaction, lock: transaction.LOCK.UPDATE });
    if (!existing) return;
    await existing.destroy({ transaction });
    await recordAudit({ action: 'email_template.reset', entityType: 'email_template', entityId: existing.id, before: { subject: existing.subject, html: existing.html, text: existing.text, enabled: existing.enabled }, after: null }, { ...ctx, transaction });
  });
  return loadEditableTemplate(key);
}
