import { QueryTypes } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { GatewayEvent as GatewayEventRow } from '../../models/index.js';
import type { GatewayEvent } from '../gateway.js';

/** How long a processor holds an event before another may take it over (a crashed worker). */
export const EVENT_LEASE_MS = 5 * 60_000;
/** Automatic tries before an event waits for staff (`replayGatewayEvent`). */
export const MAX_EVENT_ATTEMPTS = 10;

/** The lookup id of an event: the payment it concerns when it names one, so waiting events can be found. */
export function lookupIdOf(event: GatewayEvent): string | null {
  return (event.object.paymentRef ?? event.object.id) || null;
}

/** Stores a verified event once per (gateway, event id); a second delivery returns the first row. */
export async function storeGatewayEvent(event: GatewayEvent, payload: Record<string, unknown>, ctx: Ctx): Promise<{ row: GatewayEventRow; duplicate: boolean }> {
  try {
    const row = await GatewayEventRow.create({
      gateway: event.gateway, eventId: event.id.slice(0, 191), type: event.vendorType.slice(0, 100) || 'unknown',
      objectId: lookupIdOf(event)?.slice(0, 191) ?? null, payload, status: 'received', attempts: 0, receivedAt: ctx.now, nextAttemptAt: ctx.now,
    });
    return { row, duplicate: false };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await GatewayEventRow.findOne({ where: { gateway: event.gateway, eventId: event.id } });
    if (!row) throw err;
    return { row, duplicate: true };
  }
}

/** Which rows a claim may take: due ones (job, first processing), waiting ones (their payment arrived), or any idle one (staff). */
export type ClaimMode = 'due' | 'waiting' | 'staff';

const CLAIMABLE: Record<ClaimMode, string> = {
  due: "status IN ('received', 'failed') AND next_attempt_at IS NOT NULL AND next_attempt_at <= :now AND attempts < :max",
  waiting: "status = 'received' AND error IS NOT NULL",
  staff: "NOT (status = 'received' AND error IS NULL AND COALESCE(next_attempt_at, :now) > :now)",
};

/** Takes an event for processing with a conditional UPDATE (one processor at a time); false when someone else has it. */
export async function claimGatewayEvent(id: number, mode: ClaimMode, ctx: Ctx): Promise<boolean> {
  const affected = await sequelize().query(
    `UPDATE gateway_events SET status = 'received', error = NULL, attempts = attempts + 1, next_attempt_at = :lease, updated_at = :now WHERE id = :id AND ${CLAIMABLE[mode]}`,
    {
      replacements: { id, now: sqlTimestamp(ctx.now), lease: sqlTimestamp(new Date(ctx.now.getTime() + EVENT_LEASE_MS)), max: MAX_EVENT_ATTEMPTS },
      type: QueryTypes.BULKUPDATE,
    },
  );
  return Number(affected) === 1;
}

/** Backoff before the next automatic try: 1, 2, 4 ... minutes, at most 6 hours. */
function retryAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_EVENT_ATTEMPTS) return null;
  return new Date(now.getTime() + Math.min(2 ** Math.max(0, attempts - 1) * 60_000, 6 * 3_600_000));
}

/** Records how processing ended on the row: done, nothing to do, waiting for another event, or failed. */
export async function finishGatewayEvent(row: GatewayEventRow, result: 'processed' | 'ignored' | { waiting: string } | { failed: string }, ctx: Ctx): Promise<void> {
  if (result === 'processed' || result === 'ignored') {
    await row.update({ status: result, error: null, processedAt: ctx.now, nextAttemptAt: null });
    return;
  }
  const next = retryAt(row.attempts, ctx.now);
  const message = 'waiting' in result ? result.waiting : result.failed;
  // NOTE: a waiting event that has used up its tries is a failure staff must look at.
  const status = 'waiting' in result && next ? 'received' : 'failed';
  await row.update({ status, error: message.slice(0, 4000), nextAttemptAt: next });
}
