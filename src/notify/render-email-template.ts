import type { Transaction } from 'sequelize';
import { config } from '../../config/index.js';
import { ValidationError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';
import { EmailTemplate } from '../models/index.js';
import { withDerivedVars } from './derived-vars.js';
import { compileEmail, emailFile, htmlToText, RUNTIME, wrapInLayout } from './email-views.js';
import { templateEntry } from './template-catalog.js';

/** Handlebars source of a template as staff edit it (`email_templates` row or an unsaved draft). */
export interface TemplateSource {
  subject: string;
  html: string;
  text?: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Where the body came from: a staff override, the file under views/emails/, or the catalog's plain notice. */
  source: 'override' | 'file' | 'notice';
  /** False when staff disabled the template (only non-essential mail honours it). */
  enabled: boolean;
}

export interface RenderOptions {
  /** The caller's subject (empty: the catalog's default); a staff override's subject wins over it. */
  subject?: string;
  transaction?: Transaction;
  /** Render this source instead of the stored override (the editor's preview); errors are thrown as validation errors. */
  draft?: TemplateSource;
}

export const TEMPLATE_KEY = /^[a-z0-9-]+$/;

const overrides = new Map<string, { stamp: string; subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate | null }>();

function compileSource(key: string, source: TemplateSource, stamp: string | null) {
  const cached = stamp ? overrides.get(key) : undefined;
  if (cached && cached.stamp === stamp) return cached;
  const compiled = {
    stamp: stamp ?? '',
    subject: compileEmail(source.subject, 'subject'),
    html: compileEmail(source.html, 'html'),
    text: source.text ? compileEmail(source.text, 'text') : null,
  };
  if (stamp) overrides.set(key, compiled);
  return compiled;
}

async function defaultText(key: string, html: string, vars: Record<string, unknown>): Promise<string> {
  const file = await emailFile(`${key}.txt.hbs`);
  return file ? file(vars, RUNTIME) : htmlToText(html);
}

/** The override's parts rendered, or null (logged) when staff's source does not compile or render. */
async function renderOverride(key: string, source: TemplateSource, stamp: string | null, vars: Record<string, unknown>, isDraft: boolean) {
  try {
    const t = compileSource(key, source, stamp);
    const subject = t.subject(vars, RUNTIME).replace(/\s+/g, ' ').trim();
    const withSubject = { ...vars, subject };
    const html = t.html(withSubject, RUNTIME);
    // NOTE: an override without a text part gets one made from its own HTML, so both parts say the same.
    const text = t.text ? t.text(withSubject, RUNTIME) : htmlToText(html);
    return { subject, html, text };
  } catch (err) {
    if (isDraft) throw new ValidationError('email_template_invalid', `The template does not render: ${(err as Error).message}`);
    // NOTE: a broken staff edit must not stop mail: the built-in template is used and the error logged.
    logger().warn({ err, template: key }, 'email template override failed to render; using the built-in template');
    return null;
  }
}

async function renderDefault(key: string, vars: Record<string, unknown>): Promise<{ html: string; text: string; source: 'file' | 'notice' }> {
  const file = await emailFile(`${key}.hbs`);
  if (file) {
    const html = file(vars, RUNTIME);
    return { html, text: await defaultText(key, html, vars), source: 'file' };
  }
  const notice = templateEntry(key)?.notice?.(vars);
  const [html, text] = await Promise.all([emailFile('layout-notice.hbs'), emailFile('layout-notice.txt.hbs')]);
  if (!notice || !html || !text) throw new Error(`Unknown email template "${key}" (no views/emails/${key}.hbs)`);
  const data = { ...vars, ...notice };
  return { html: html(data, RUNTIME), text: text(data, RUNTIME), source: 'notice' };
}

/**
 * Renders an email template with `data`: a staff override in `email_templates` (key = template name) wins over the
 * built-in `views/emails/<key>.hbs` + `.txt.hbs`; bodies are wrapped in the shared layout. `appName`/`appUrl` are added,
 * and formatted companions of amounts and dates (see withDerivedVars).
 */
export async function renderEmailTemplate(key: string, data: Record<string, unknown>, opts: RenderOptions = {}): Promise<RenderedEmail> {
  if (!TEMPLATE_KEY.test(key)) throw new Error(`Invalid mail template name "${key}"`);
  const cfg = config();
  const entry = templateEntry(key);
  const vars: Record<string, unknown> = withDerivedVars({ appName: cfg.appName, appUrl: cfg.appUrl, ...data });
  const fallbackSubject = opts.subject || (entry ? compileEmail(entry.subject, 'subject')(vars, RUNTIME) : key.replace(/-/g, ' '));
  vars.subject = fallbackSubject;

  const stored = opts.draft ? null : await EmailTemplate.findOne({ where: { key }, transaction: opts.transaction });
  const source = opts.draft ?? stored;
  const stamp = stored ? `${stored.id}:${stored.updatedAt?.getTime() ?? 0}` : null;
  const custom = source ? await renderOverride(key, source, stamp, vars, Boolean(opts.draft)) : null;
  const enabled = stored ? stored.enabled : true;
  if (custom) {
    const wrapped = await wrapInLayout({ html: custom.html, text: custom.text }, { ...vars, subject: custom.subject });
    return { subject: custom.subject, ...wrapped, source: 'override', enabled };
  }
  const body = await renderDefault(key, vars);
  const wrapped = await wrapInLayout(body, vars);
  return { subject: fallbackSubject, ...wrapped, source: body.source, enabled };
}
