import { QueryTypes, type Transaction } from 'sequelize';
import { sqlTimestamp } from '../db/locks.js';
import { sequelize } from '../db/sequelize.js';

/** The two outbox tables share their delivery columns: status, attempts, next_attempt_at, claimed_until, last_error. */
export interface OutboxTable {
  name: 'mail_outbox' | 'outbox_messages';
  /** The status of a claimed row ('sending' for mail, 'delivering' for other messages). */
  busy: 'sending' | 'delivering';
  /** Extra condition on the due rows (e.g. a channel), plain SQL with named replacements. */
  filter?: { sql: string; replacements: Record<string, unknown> };
}

export interface DueRow {
  id: number;
  attempts: number;
}

/** A claimed row: its id and the attempt number that fences every later write to it. */
export interface Claim {
  id: number;
  attempt: number;
}

// NOTE: due = pending and its time has come, or claimed by a worker whose lease ran out (it died mid-send).
const DUE = "((status = 'pending' AND next_attempt_at <= :now) OR (status = :busy AND claimed_until <= :now))";

const ts = (d: Date): string => sqlTimestamp(d);

/** Up to `limit` due rows, oldest first. */
export async function dueRows(table: OutboxTable, now: Date, limit: number): Promise<DueRow[]> {
  const filter = table.filter ? ` AND ${table.filter.sql}` : '';
  const rows = await sequelize().query<{ id: number | string; attempts: number | string }>(
    `SELECT id, attempts FROM ${table.name} WHERE ${DUE}${filter} ORDER BY next_attempt_at, id LIMIT :limit`,
    { replacements: { now: ts(now), busy: table.busy, limit, ...(table.filter?.replacements ?? {}) }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: Number(r.id), attempts: Number(r.attempts) }));
}

/**
 * Claims one due row with a conditional UPDATE: it succeeds only while the row is still due and its attempt count is
 * the one read, so of two workers exactly one wins. Claiming counts an attempt. Null when another worker won.
 */
export async function claimRow(table: OutboxTable, row: DueRow, now: Date, leaseMs: number): Promise<Claim | null> {
  const changed = await sequelize().query(
    `UPDATE ${table.name} SET status = :busy, claimed_until = :until, attempts = attempts + 1, updated_at = :now WHERE id = :id AND attempts = :attempts AND ${DUE}`,
    { replacements: { busy: table.busy, until: ts(new Date(now.getTime() + leaseMs)), now: ts(now), id: row.id, attempts: row.attempts }, type: QueryTypes.BULKUPDATE },
  );
  return Number(changed) === 1 ? { id: row.id, attempt: row.attempts + 1 } : null;
}

export interface Finish {
  status: 'pending' | 'sent' | 'delivered' | 'failed';
  nextAttemptAt?: Date;
  lastError?: string | null;
  /** Extra columns (sent_at, message_id, delivered_at). */
  columns?: Record<string, string | Date | null>;
  /** Give the attempt back (a rate limit is not a failure). */
  refundAttempt?: boolean;
  /** Finish inside this transaction (the effect of the row and its delivered mark commit together). */
  transaction?: Transaction;
}

/** Ends a claim; false when the claim was lost meanwhile (lease ran out and another worker took the row). */
export async function finishClaim(table: OutboxTable, claim: Claim, now: Date, finish: Finish): Promise<boolean> {
  const sets = ['status = :status', 'claimed_until = NULL', 'updated_at = :now', 'last_error = :lastError'];
  const replacements: Record<string, unknown> = { status: finish.status, now: ts(now), lastError: finish.lastError?.slice(0, 2000) ?? null, id: claim.id, busy: table.busy, attempt: claim.attempt };
  if (finish.nextAttemptAt) {
    sets.push('next_attempt_at = :next');
    replacements.next = ts(finish.nextAttemptAt);
  }
  if (finish.refundAttempt) sets.push('attempts = attempts - 1');
  for (const [column, value] of Object.entries(finish.columns ?? {})) {
    if (!/^[a-z_]+$/.test(column)) throw new Error(`bad column ${column}`);
    sets.push(`${column} = :c_${column}`);
    replacements[`c_${column}`] = value instanceof Date ? ts(value) : value;
  }
  const changed = await sequelize().query(`UPDATE ${table.name} SET ${sets.join(', ')} WHERE id = :id AND status = :busy AND attempts = :attempt`, {
    replacements,
    type: QueryTypes.BULKUPDATE,
    transaction: finish.transaction,
  });
  return Number(changed) === 1;
}

/** Minutes to wait after the n-th failed attempt: 1, 5, 15, 60, 240, 720, then daily. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 240, 720, 1440];

/** When to try again after `attempt` failed. */
export function nextAttemptAfter(attempt: number, now: Date): Date {
  const minutes = BACKOFF_MINUTES[Math.min(Math.max(attempt, 1), BACKOFF_MINUTES.length) - 1] ?? 1440;
  return new Date(now.getTime() + minutes * 60_000);
}

/** Attempts before a row is given up (status failed, last_error kept for staff). */
export const MAX_ATTEMPTS = 8;
