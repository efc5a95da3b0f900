import type { Logger } from 'pino';
import { isSqlite } from '../../db/sequelize.js';
import { eachInIsolation } from '../../jobs/job.js';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import { issueRenewalBatch } from './issue-renewal-batch.js';
import { renewSubscription } from './renew-subscription.js';
import { type RenewalRun, startRenewalRun } from './renewal-run.js';

/** Totals of a renewal run. */
export interface RenewalRunResult {
  issued: number;
  duplicates: number;
  failed: number;
  batches: number;
}

/** One lane: claims batches after the shared cursor until nothing is left, then renews its leftovers one by one. */
async function lane(run: RenewalRun, cursor: { after: number; done: boolean }, totals: RenewalRunResult): Promise<void> {
  while (!cursor.done && !isShuttingDown()) {
    const outcome = await issueRenewalBatch(run, cursor.after);
    if (outcome.claimed === 0) {
      cursor.done = true;
      break;
    }
    totals.batches += 1;
    cursor.after = Math.max(cursor.after, outcome.lastId);
    totals.issued += outcome.issued;
    totals.duplicates += outcome.duplicates;
    totals.failed += outcome.failed.length;
    if (outcome.single.length === 0) continue;
    const single = await eachInIsolation(outcome.single, run.log, async (id) => {
      const result = await renewSubscription(id, run);
      if (result.status === 'issued') totals.issued += 1;
      if (result.status === 'duplicate') totals.duplicates += 1;
    }, { label: (id) => id });
    totals.failed += single.failed;
  }
}

/**
 * Issues every due renewal invoice (periods ending within billing.renewal_lead_days), exactly once per
 * subscription and period even with several workers at once: batches of `batchSize` claimed with
 * row locks, the unique idempotency key `renewal:<subscriptionId>:<periodStart>` as the backstop.
 * NOTE: on MySQL/MariaDB two lanes run at once, so one batch is priced while the other is written
 * (the invoice sequence still hands out number blocks one batch at a time); SQLite has one writer.
 */
export async function issueDueRenewals(ctx: Ctx, log: Logger, opts: { batchSize?: number; lanes?: number } = {}): Promise<RenewalRunResult> {
  const run = await startRenewalRun(ctx, log, opts.batchSize ?? 1000);
  const totals: RenewalRunResult = { issued: 0, duplicates: 0, failed: 0, batches: 0 };
  const cursor = { after: 0, done: false };
  const lanes = Math.max(1, opts.lanes ?? (isSqlite() ? 1 : 2));
  await Promise.all(Array.from({ length: lanes }, () => lane(run, cursor, totals)));
  return totals;
}
