import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { clock } from '../lib/clock.js';
import { ConflictError, ValidationError } from '../lib/errors.js';
import { sqlTimestamp } from './locks.js';
import { sequelize } from './sequelize.js';
import { isUniqueViolation } from './transaction.js';

export interface IdempotencyOptions {
  /** How long the first result is kept and replayed (default 24 h). */
  ttlMs?: number;
  /** How long an in-progress claim blocks others before a crashed holder's claim may be taken over (default 60 s). */
  lockMs?: number;
}

export interface IdempotentOutcome<T> {
  result: T;
  /** True when `result` is the stored first result and `fn` did not run. */
  replayed: boolean;
}

interface RecordRow {
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_body: string | null;
  lock_expired: number | string;
  expired: number | string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WHERE_KEY = 'scope = :scope AND `key` = :key';

/** SHA-256 of a request's canonical JSON (object keys sorted), for `requestHash`. */
export function hashRequest(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return crypto.createHash('sha256').update(JSON.stringify(canonical(value)) ?? 'undefined').digest('hex');
}

function statusOf(result: unknown): number | null {
  const status = result && typeof result === 'object' ? (result as { status?: unknown }).status : undefined;
  return typeof status === 'number' && Number.isInteger(status) ? status : null;
}

/** Runs raw SQL; Date replacements are passed with milliseconds (see `sqlTimestamp`). */
async function run(sql: string, replacements: Record<string, unknown>, type: QueryTypes): Promise<unknown> {
  const values = Object.fromEntries(Object.entries(replacements).map(([k, v]) => [k, v instanceof Date ? sqlTimestamp(v) : v]));
  return sequelize().query(sql, { replacements: values, type });
}

/** Inserts the in-progress claim; false when a record for (scope, key) already exists. */
async function insertClaim(scope: string, key: string, requestHash: string, now: Date, o: Required<IdempotencyOptions>): Promise<boolean> {
  try {
    await run(
      'INSERT INTO idempotency_records (scope, `key`, request_hash, status, locked_until, expires_at, created_at, updated_at) ' +
        "VALUES (:scope, :key, :requestHash, 'in_progress', :lockedUntil, :expiresAt, :now, :now)",
      { scope, key, requestHash, now, lockedUntil: new Date(now.getTime() + o.lockMs), expiresAt: new Date(now.getTime() + o.ttlMs) },
      QueryTypes.INSERT,
    );
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * Runs `fn` once per (scope, key): the first call stores its JSON result, repeats with the same
 * `requestHash` get that result back (`replayed: true`) without running `fn`. The same key with a
 * different request, or while the first call is still running, is a 409 ConflictError. A failed
 * `fn` stores nothing, so the caller may retry. Replayed results went through JSON (dates are strings).
 */
export async function withIdempotency<T>(
  scope: string,
  key: string,
  requestHash: string,
  fn: () => Promise<T>,
  opts: IdempotencyOptions = {},
): Promise<IdempotentOutcome<T>> {
  if (!scope || scope.length > 64) throw new ValidationError('idempotency_scope_invalid', 'Idempotency scope must have 1-64 characters');
  if (!key || key.length > 191) throw new ValidationError('idempotency_key_invalid', 'Idempotency keys must have 1-191 characters');
  const o = { ttlMs: opts.ttlMs ?? DAY_MS, lockMs: opts.lockMs ?? 60_000 };

  let claimed = false;
  for (let attempt = 0; attempt < 3 && !claimed; attempt++) {
    const now = clock.now();
    if (await insertClaim(scope, key, requestHash, now, o)) {
      claimed = true;
      break;
    }
    const [row] = (await run(
      'SELECT request_hash, status, response_body, ' +
        'CASE WHEN locked_until IS NULL OR locked_until <= :now THEN 1 ELSE 0 END AS lock_expired, ' +
        `CASE WHEN expires_at <= :now THEN 1 ELSE 0 END AS expired FROM idempotency_records WHERE ${WHERE_KEY}`,
      { scope, key, now },
      QueryTypes.SELECT,
    )) as RecordRow[];
    if (!row) continue;
    if (Number(row.expired) === 1) {
      await run(`DELETE FROM idempotency_records WHERE ${WHERE_KEY} AND expires_at <= :now`, { scope, key, now }, QueryTypes.BULKDELETE);
      continue;
    }
    if (row.request_hash !== requestHash) {
      throw new ConflictError('idempotency_key_reused', 'This idempotency key was already used with a different request');
    }
    if (row.status === 'completed') return { result: JSON.parse(row.response_body ?? 'null') as T, replayed: true };
    if (Number(row.lock_expired) !== 1) {
      throw new ConflictError('idempotency_request_in_progress', 'A request with this idempotency key is still being processed');
    }
    // NOTE: the first holder died mid-request; take its claim over (the effects themselves are deduplicated by unique keys).
    const taken = await run(
      `UPDATE idempotency_records SET locked_until = :lockedUntil, updated_at = :now WHERE ${WHERE_KEY} AND status = 'in_progress' AND locked_until <= :now`,
      { scope, key, now, lockedUntil: new Date(now.getTime() + o.lockMs) },
      QueryTypes.BULKUPDATE,
    );
    claimed = Number(taken) === 1;
  }
  if (!claimed) throw new ConflictError('idempotency_request_in_progress', 'A request with this idempotency key is still being processed');

  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await run(`DELETE FROM idempotency_records WHERE ${WHERE_KEY} AND status = 'in_progress'`, { scope, key }, QueryTypes.BULKDELETE);
    throw err;
  }
  await run(
    `UPDATE idempotency_records SET status = 'completed', response_status = :status, response_body = :body, locked_until = NULL, updated_at = :now WHERE ${WHERE_KEY}`,
    { scope, key, status: statusOf(result), body: JSON.stringify(result ?? null), now: clock.now() },
    QueryTypes.BULKUPDATE,
  );
  return { result, replayed: false };
}
