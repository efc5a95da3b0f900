import type { HelperOptions } from 'handlebars';
import type Handlebars from 'handlebars';
import { config } from '../../config/index.js';
import { formatMoney, isCurrency, toMinor } from '../billing/money.js';
import { clock } from '../lib/clock.js';

type Hbs = typeof Handlebars;

/** Handlebars passes its options object last; these helpers take optional arguments before it. */
function isOptions(value: unknown): value is HelperOptions {
  return typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
}

function args(list: unknown[]): unknown[] {
  return isOptions(list[list.length - 1]) ? list.slice(0, -1) : list;
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DATE_FORMATS: Record<string, Intl.DateTimeFormatOptions> = {
  short: { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' },
  long: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
  datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' },
};

/** Intl formatters are costly to build and stateless once built: one per date format. */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(format: string): Intl.DateTimeFormat {
  const key = Object.prototype.hasOwnProperty.call(DATE_FORMATS, format) ? format : 'short';
  let formatter = dateFormatters.get(key);
  if (!formatter) dateFormatters.set(key, (formatter = new Intl.DateTimeFormat('en-US', DATE_FORMATS[key])));
  return formatter;
}

/** Minor units + currency -> "$12.34", without floats (money.ts formats the integer as a decimal string). */
export function formatMinor(minor: unknown, currency: string): string {
  const amount = toMinor(minor);
  if (isCurrency(currency)) return formatMoney(amount, currency);
  // NOTE: a currency we do not bill in: same exact path, the exponent comes from Intl.
  const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const exponent = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const decimal = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return (formatter.format as unknown as (v: string) => string)(amount < 0 ? `-${decimal}` : decimal);
}

const CHIP_TONES: Record<string, string> = {};
const tone = (name: string, statuses: string) => statuses.split(' ').forEach((s) => (CHIP_TONES[s] = name));
tone('success', 'active paid completed succeeded delivered approved processed fulfilled sent online healthy ok');
tone('warning', 'pending pending_review past_due provisioning awaiting_customer requires_action in_progress sending delivering waiting notified running unpaid due degraded');
tone('danger', 'suspended failed fraud rejected uncollectible chargeback overdue down error locked');
tone('info', 'open awaiting_staff received new manual waitlisted replied read draft_sent');
tone('neutral', 'draft closed cancelled terminated void ignored waived inactive spam');

/** "past_due" -> "Past due". */
export function humanize(value: unknown): string {
  const text = String(value ?? '').replace(/[_-]+/g, ' ').trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : '';
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** Relative description of `date` against clock.now(): "3 days ago", "in 2 hours", "just now". */
export function relative(date: Date, now: Date = clock.now()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [['minute', 60], ['hour', 3600], ['day', 86_400], ['month', 2_592_000], ['year', 31_536_000]];
  let unit: Intl.RelativeTimeFormatUnit = 'minute';
  let size = 60;
  for (const [u, s] of steps) if (abs >= s * 0.9 || u === 'minute') [unit, size] = [u, s];
  return RELATIVE.format(Math.round(seconds / size), unit);
}

/** JSON that is safe inside an HTML attribute or text: markup characters become \u escapes. */
export function safeJson(value: unknown): string {
  return (JSON.stringify(value ?? null) ?? 'null').replace(/[<>&'\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Registers the view helpers on a Handlebars environment. */
export function registerHelpers(hbs: Hbs): void {
  hbs.registerHelper('money', (minor: unknown, currency: unknown) => {
    if (minor === null || minor === undefined || minor === '') return '';
    return formatMinor(minor, typeof currency === 'string' ? currency : config().baseCurrency);
  });
  hbs.registerHelper('date', (value: unknown, options: HelperOptions) => {
    const date = toDate(value);
    if (!date) return '';
    const format = String(options?.hash?.format ?? 'short');
    if (format === 'iso') return date.toISOString().slice(0, 10);
    return dateFormatter(format).format(date);
  });
  hbs.registerHelper('datetime', (value: unknown, options: HelperOptions) => {
    const date = toDate(value);
    if (!date) return '';
    if (options?.hash?.format === 'iso') return date.toISOString();
    return `${dateFormatter('datetime').format(date)} UTC`;
  });
  hbs.registerHelper('relativeTime', (value: unknown) => {
    const date = toDate(value);
    return date ? relative(date) : '';
  });
  const same = (a: unknown, b: unknown) => a === b || (a !== null && b !== null && a !== undefined && b !== undefined && String(a) === String(b));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => same(a, b));
  hbs.registerHelper('ne', (a: unknown, b: unknown) => !same(a, b));
  hbs.registerHelper('and', (...list: unknown[]) => args(list).every(Boolean));
  hbs.registerHelper('or', (...list: unknown[]) => args(list).find(Boolean) ?? false);
  hbs.registerHelper('not', (value: unknown) => !value);
  hbs.registerHelper('json', (value: unknown) => safeJson(value));
  hbs.registerHelper('pluralize', (count: unknown, singular: unknown, plural: unknown) => {
    const n = Number(count);
    const word = n === 1 ? String(singular) : typeof plural === 'string' ? plural : `${String(singular)}s`;
    return `${Number.isFinite(n) ? n.toLocaleString('en-US') : String(count)} ${word}`;
  });
  hbs.registerHelper('statusChip', (status: unknown) => `chip chip--${CHIP_TONES[String(status ?? '').toLowerCase()] ?? 'neutral'}`);
  hbs.registerHelper('humanize', (value: unknown) => humanize(value));
  hbs.registerHelper('urlencode', (value: unknown) => encodeURIComponent(String(value ?? '')));
  hbs.registerHelper('year', () => clock.now().getUTCFullYear());
  hbs.registerHelper('concat', (...list: unknown[]) => args(list).map((v) => String(v ?? '')).join(''));
  hbs.registerHelper('active', (path: unknown, options: HelperOptions) => {
    const current = String(options?.data?.root?.requestPath ?? '');
    const target = String(path);
    const hit = options?.hash?.exact ? current === target : current === target || current.startsWith(target.endsWith('/') ? target : `${target}/`);
    return hit ? String(options?.hash?.class ?? 'is-active') : '';
  });
  hbs.registerHelper('csrf', (options: HelperOptions) => {
    const token: unknown = options?.data?.root?.csrfToken;
    if (typeof token !== 'string') return '';
    return new hbs.SafeString(`<input type="hidden" name="_csrf" value="${hbs.escapeExpression(token)}">`);
  });
}
