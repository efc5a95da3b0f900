import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { BandwidthUsage } from '../models/index.js';

export interface DayUsage {
  serviceId: number;
  /** YYYY-MM-DD (UTC). */
  day: string;
  bytesIn: number;
  bytesOut: number;
}

function isDeadlock(err: unknown): boolean {
  const code = (err as { parent?: { code?: string } }).parent?.code ?? '';
  return code === 'ER_LOCK_DEADLOCK' || code === 'SQLITE_BUSY';
}

/**
 * Stores each service's traffic of a day (one row per service and day, one upsert statement for all rows). A later
 * collection of the same day replaces the figures (they are totals for the day so far, never increments), so collecting
 * twice, or twice at once, stores the same thing once.
 */
export async function recordBandwidthUsage(rows: readonly DayUsage[], ctx: Ctx): Promise<number> {
  if (rows.length === 0) return 0;
  const values = rows.map((row) => ({
    serviceId: row.serviceId,
    day: row.day,
    bytesIn: Math.max(0, Math.round(row.bytesIn)),
    bytesOut: Math.max(0, Math.round(row.bytesOut)),
    collectedAt: ctx.now,
  }));
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(ctx, (transaction) =>
        BandwidthUsage.bulkCreate(values, {
          updateOnDuplicate: ['bytesIn', 'bytesOut', 'collectedAt', 'updatedAt'],
          conflictAttributes: ['serviceId', 'day'],
          transaction,
        }),
      );
      return rows.length;
    } catch (err) {
      // NOTE: two upserts of the same new rows can deadlock on MariaDB; the loser writes the same totals again.
      if (attempt >= 3 || ctx.transaction || !isDeadlock(err)) throw err;
    }
  }
}
