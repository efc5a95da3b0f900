import type { AuditValues } from '../models/audit-log.js';

/** A row or object to audit: plain values or a Sequelize instance (read with `get({ plain: true })`). */
export type AuditSubject = Record<string, unknown> | { get(options: { plain: true }): Record<string, unknown> };

// NOTE: the brief's rule /password|secret|token|_enc$/i, plus camelCase `*Enc` attributes and API/private keys.
const SECRET_KEYS = [/password|secret|token|_enc$/i, /[a-z0-9]Enc$/, /api_?key|private_?key/i];
/** Bumped on every save; noise in a diff. */
const IGNORED_KEYS = new Set(['updatedAt', 'updated_at']);

/** True for a key whose value must never reach the audit log. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.some((re) => re.test(key));
}

function isModelLike(value: unknown): value is { get(options: { plain: true }): Record<string, unknown> } {
  return typeof value === 'object' && value !== null && 'dataValues' in value && typeof (value as { get?: unknown }).get === 'function';
}

/** JSON-safe copy with secret keys dropped at every depth. */
function clean(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return '[binary]';
  if (Array.isArray(value)) return value.map(clean);
  if (isModelLike(value)) return clean(value.get({ plain: true }));
  if (typeof value === 'object') {
    const out: AuditValues = {};
    for (const [k, v] of Object.entries(value)) {
      if (!isSecretKey(k) && typeof v !== 'function') out[k] = clean(v);
    }
    return out;
  }
  return String(value);
}

function asValues(subject: AuditSubject | null | undefined): AuditValues | null {
  if (subject == null) return null;
  const cleaned = clean(subject);
  if (cleaned === null || typeof cleaned !== 'object' || Array.isArray(cleaned)) return null;
  for (const key of IGNORED_KEYS) delete (cleaned as AuditValues)[key];
  return cleaned as AuditValues;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as AuditValues)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What an audit row stores: only the keys whose values differ (all keys on create or delete),
 * with secrets dropped and dates as ISO strings. `before` is null on create, `after` null on delete.
 */
export function diffForAudit(
  before: AuditSubject | null | undefined,
  after: AuditSubject | null | undefined,
): { before: AuditValues | null; after: AuditValues | null } {
  const b = asValues(before);
  const a = asValues(after);
  if (!b || !a) return { before: b, after: a };
  const changedBefore: AuditValues = {};
  const changedAfter: AuditValues = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (stable(b[key]) === stable(a[key])) continue;
    changedBefore[key] = b[key] ?? null;
    changedAfter[key] = a[key] ?? null;
  }
  return { before: changedBefore, after: changedAfter };
}
