import type { Logger } from 'pino';
import { QueryTypes } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { isSqlite, sequelize } from '../../db/sequelize.js';
import { eachInIsolation } from '../../jobs/job.js';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import { RENEWING_STATUSES } from './claim-due-renewals.js';
import { type RollOutcome, rollSubscription } from './roll-subscription.js';

/** Counts of a roll run by outcome. */
export type RollRunResult = Record<RollOutcome, number> & { failed: number };

/** Rolls every subscription whose period has ended into its next period (or cancels it), one transaction each. */
export async function rollSubscriptionPeriods(ctx: Ctx, log: Logger, opts: { batchSize?: number; concurrency?: number } = {}): Promise<RollRunResult> {
  const result: RollRunResult = { rolled: 0, cancelled: 0, awaiting_invoice: 0, not_due: 0, failed: 0 };
  let after = 0;
  while (!isShuttingDown()) {
    const rows = await sequelize().query<{ id: number }>(
      `SELECT id FROM subscriptions WHERE status IN (${RENEWING_STATUSES.map((s) => `'${s}'`).join(', ')}) AND current_period_end <= :now AND id > :after ORDER BY id LIMIT ${Number(opts.batchSize ?? 500)}`,
      { replacements: { now: sqlTimestamp(ctx.now), after }, type: QueryTypes.SELECT },
    );
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1].id);
    const run = await eachInIsolation(rows.map((r) => Number(r.id)), log, async (id) => {
      result[await rollSubscription(id, ctx)] += 1;
    }, { concurrency: opts.concurrency ?? (isSqlite() ? 1 : 4), label: (id) => id });
    result.failed += run.failed;
  }
  return result;
}
