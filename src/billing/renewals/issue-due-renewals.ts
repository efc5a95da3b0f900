import type { Logger } from 'pino';
import { eachInIsolation } from '../../jobs/job.js';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import { issueRenewalBatch } from './issue-renewal-batch.js';
import { renewSubscription } from './renew-subscription.js';
import { startRenewalRun } from './renewal-run.js';

/** Totals of a renewal run. */
export interface RenewalRunResult {
  readonly issued: number;
  readonly duplicates: number;
  readonly failed: number;
  readonly batches: number;
}

/**
 * Issues every due renewal invoice (periods ending within billing.renewal_lead_days), exactly once per
 * subscription and period even with several workers at once: batches of `batchSize` claimed with
 * row locks, the unique idempotency key `renewal:<subscriptionId>:<periodStart>` as the backstop.
 */
export async function issueDueRenewals(ctx: Ctx, log: Logger, opts: { batchSize?: number } = {}): Promise<RenewalRunResult> {
  const run = await startRenewalRun(ctx, log, opts.batchSize ?? 1000);
  let after = 0;
  let issued = 0;
  let duplicates = 0;
  let failed = 0;
  let batches = 0;
  while (!isShuttingDown()) {
    const outcome = await issueRenewalBatch(run, after);
    if (outcome.claimed === 0) break;
    batches += 1;
    after = outcome.lastId;
    issued += outcome.issued;
    duplicates += outcome.duplicates;
    failed += outcome.failed.length;
    if (outcome.single.length === 0) continue;
    const single = await eachInIsolation(outcome.single, log, async (id) => {
      const result = await renewSubscription(id, run);
      if (result.status === 'issued') issued += 1;
      if (result.status === 'duplicate') duplicates += 1;
    }, { label: (id) => id });
    failed += single.failed;
  }
  return { issued, duplicates, failed, batches };
}
