import { QueryTypes } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { isSqlite, sequelize } from '../../db/sequelize.js';
import type { Ctx } from '../../lib/context.js';
import { exemptNowSql } from './exemptions.js';

/** Invoice kinds dunning collects: those billing running services (order invoices are paid at checkout). */
export const DUNNED_KINDS = ['renewal', 'overage', 'proration'] as const;

/** How long a claimed invoice is ours; a worker that dies mid-charge frees it after this (same attempt key then). */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** A claimed invoice and the step it is at. */
export interface DunningClaim {
  readonly invoiceId: number;
  readonly step: number;
}

// NOTE: step 0 is the charge on the due date (no retry scheduled yet); later steps run at next_retry_at.
// A disputed invoice is left to staff. An exempt customer gets the due-date charge but no retries;
// a dated exemption (customer or invoice, set by staff) holds every step until it ends.
const due = (i: string): string =>
  `${i}.status = 'open' AND ${i}.amount_due_minor > 0 AND ${i}.disputed = 0 AND ${i}.kind IN ('renewal', 'overage', 'proration') AND ${i}.dunning_step <= :lastStep ` +
  `AND ((${i}.next_retry_at IS NULL AND ${i}.dunning_step = 0 AND ${i}.due_at <= :now) OR ${i}.next_retry_at <= :now) ` +
  `AND (${i}.dunning_step = 0 OR NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = ${i}.customer_id AND c.dunning_exempt = 1)) ` +
  `AND NOT ${exemptNowSql(i)}`;

/**
 * Claims up to `limit` invoices due for a charge (ids after `after`): in one transaction, the candidates still
 * due are locked and their `next_retry_at` pushed to a lease, so a second worker (or a second run) finds them
 * not due and skips them.
 * `lastId` is the last candidate looked at (the cursor for the next batch), null when none was due.
 */
export async function claimDueInvoices(input: { limit: number; lastStep: number; after?: number }, ctx: Ctx): Promise<{ claims: DunningClaim[]; lastId: number | null }> {
  const s = sequelize();
  const now = sqlTimestamp(ctx.now);
  const candidates = await s.query<{ id: number; dunning_step: number }>(
    `SELECT i.id, i.dunning_step FROM invoices i WHERE ${due('i')} AND i.id > :after ORDER BY i.id LIMIT ${Math.max(1, Math.floor(input.limit))}`,
    { replacements: { now, lastStep: input.lastStep, after: input.after ?? 0 }, type: QueryTypes.SELECT },
  );
  if (candidates.length === 0) return { claims: [], lastId: null };
  const lease = sqlTimestamp(new Date(ctx.now.getTime() + CLAIM_LEASE_MS));
  const lastId = Number(candidates[candidates.length - 1]?.id);
  const ids = candidates.map((c) => Number(c.id));
  const taken = await s.transaction(async (transaction) => {
    if (isSqlite()) {
      // NOTE: SQLite has one writer: one UPDATE of the whole batch is as atomic as one per row, and RETURNING names the rows it took.
      return s.query<{ id: number; dunning_step: number }>(
        `UPDATE invoices SET next_retry_at = :lease, updated_at = :now WHERE id IN (:ids) AND ${due('invoices')} RETURNING id, dunning_step`,
        { replacements: { lease, now, ids, lastStep: input.lastStep }, type: QueryTypes.SELECT, transaction },
      );
    }
    // NOTE: the locking read waits for a concurrent claim of the same rows and then sees its lease (not due any
    // more); the rows it returns stay locked until the UPDATE below has leased them.
    const stillDue = await s.query<{ id: number; dunning_step: number }>(
      `SELECT i.id, i.dunning_step FROM invoices i WHERE i.id IN (:ids) AND ${due('i')} ORDER BY i.id FOR UPDATE`,
      { replacements: { now, ids, lastStep: input.lastStep }, type: QueryTypes.SELECT, transaction },
    );
    if (stillDue.length > 0) {
      await s.query('UPDATE invoices SET next_retry_at = :lease, updated_at = :now WHERE id IN (:ids)', {
        replacements: { lease, now, ids: stillDue.map((r) => Number(r.id)) }, type: QueryTypes.BULKUPDATE, transaction,
      });
    }
    return stillDue;
  });
  const claims = taken.map((row) => ({ invoiceId: Number(row.id), step: Number(row.dunning_step) })).sort((a, b) => a.invoiceId - b.invoiceId);
  return { claims, lastId };
}
