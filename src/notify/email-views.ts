import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { formatMoney, isCurrency } from '../billing/money.js';

export const EMAILS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views/emails');

/** The Handlebars environment of emails (separate from the web views: no partials, no request locals). */
export const emailHbs = Handlebars.create();

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date;
}

emailHbs.registerHelper('money', (minor: unknown, currency: unknown) => {
  const n = Number(minor);
  if (minor === null || minor === undefined || !Number.isSafeInteger(n)) return '';
  return isCurrency(currency) ? formatMoney(n, currency) : `${n} ${String(currency ?? '')}`.trim();
});
emailHbs.registerHelper('date', (value: unknown) => {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date) : '';
});
emailHbs.registerHelper('datetime', (value: unknown) => {
  const date = toDate(value);
  return date ? `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '';
});
emailHbs.registerHelper('eq', (a: unknown, b: unknown) => a === b || String(a) === String(b));
emailHbs.registerHelper('humanize', (value: unknown) => {
  const text = String(value ?? '').replace(/[_-]+/g, ' ').trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : '';
});

/** `{{button url "Label"}}`: the call-to-action link of the HTML part. */
emailHbs.registerHelper('button', (url: unknown, label: unknown) => {
  const e = emailHbs.escapeExpression;
  return new emailHbs.SafeString(
    `<p style="margin:24px 0;"><a href="${e(String(url ?? ''))}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;">${e(String(label ?? ''))}</a></p>`,
  );
});
/** `{{messageHtml text}}`: plain text (a ticket message) as escaped HTML paragraphs with line breaks. */
emailHbs.registerHelper('messageHtml', (text: unknown) => {
  const e = emailHbs.escapeExpression;
  const blocks = String(text ?? '').replace(/\r\n/g, '\n').split(/\n{2,}/).filter((b) => b.trim() !== '');
  return new emailHbs.SafeString(blocks.map((b) => `<p style="margin:0 0 12px;">${e(b).replace(/\n/g, '<br>')}</p>`).join(''));
});

export type CompiledTemplate = Handlebars.TemplateDelegate;
// NOTE: email data carries model instances at times (their attributes are prototype accessors); templates are ours or staff's.
export const RUNTIME: Handlebars.RuntimeOptions = { allowProtoPropertiesByDefault: true };

/** Compiles Handlebars source; the text part is not HTML, so it is compiled without escaping. */
export function compileEmail(source: string, kind: 'html' | 'text' | 'subject'): CompiledTemplate {
  return emailHbs.compile(source, { noEscape: kind !== 'html', strict: false });
}

const files = new Map<string, Promise<CompiledTemplate | null>>();

/** The compiled `views/emails/<file>`, or null when there is no such file. Compiled once per process. */
export function emailFile(file: string): Promise<CompiledTemplate | null> {
  let t = files.get(file);
  if (!t) {
    t = fs.readFile(path.join(EMAILS_DIR, file), 'utf8').then(
      (src) => compileEmail(src, file.endsWith('.txt.hbs') ? 'text' : 'html'),
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      },
    );
    files.set(file, t);
    t.catch(() => files.delete(file));
  }
  return t;
}

/** True for a template that is a whole HTML document (older templates): it is not wrapped in the layout. */
export function isFullDocument(html: string): boolean {
  return /^\s*(<!doctype|<html)/i.test(html);
}

/** Wraps a rendered HTML body in views/emails/layout.hbs (and a text body in layout.txt.hbs). */
export async function wrapInLayout(body: { html: string; text: string }, data: Record<string, unknown>): Promise<{ html: string; text: string }> {
  const [htmlLayout, textLayout] = await Promise.all([emailFile('layout.hbs'), emailFile('layout.txt.hbs')]);
  // NOTE: whole-document templates carry their own header and footer, in both parts.
  if (isFullDocument(body.html)) return body;
  const html = htmlLayout ? htmlLayout({ ...data, body: new emailHbs.SafeString(body.html) }, RUNTIME) : body.html;
  const text = textLayout ? textLayout({ ...data, body: body.text.trimEnd() }, RUNTIME) : body.text;
  return { html, text };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&nbsp;': ' ', '&#x3D;': '=' };

/** A plain-text version of an HTML body, for staff templates written without a text part. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => (label.trim() === href ? href : `${label} (${href})`))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table)>/gi, '\n\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&[#a-z0-9]+;/gi, (e) => ENTITIES[e.toLowerCase()] ?? e)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
