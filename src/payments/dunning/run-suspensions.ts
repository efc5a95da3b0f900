import type { Logger } from 'pino';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import { daysAfter, loadDunningPolicy } from './dunning-policy.js';
import { enforceSuspensionPolicy, type SuspensionOutcome } from './enforce-suspension-policy.js';
import { findOverdueSubscriptions } from './find-overdue-subscriptions.js';

/** What a suspensions run did. */
export interface SuspensionsRunResult {
  processed: number;
  failed: number;
  details: Record<SuspensionOutcome, number>;
}

/**
 * Walks every subscription with an invoice overdue past the suspension threshold, in id order and in
 * batches, and applies the schedule to each in isolation. Safe to run twice or on two workers: the
 * transitions lock the subscription row and are no-ops once made; mails are deduplicated.
 */
export async function runSuspensions(ctx: Ctx, log: Logger, opts: { batchSize?: number } = {}): Promise<SuspensionsRunResult> {
  const policy = await loadDunningPolicy();
  const result: SuspensionsRunResult = { processed: 0, failed: 0, details: { suspended: 0, terminated: 0, unchanged: 0 } };
  const dueBy = daysAfter(ctx.now, -policy.suspendAfterDays);
  let after = 0;
  for (;;) {
    const batch = await findOverdueSubscriptions({ dueBy, now: ctx.now, after, limit: opts.batchSize ?? 200 });
    if (batch.length === 0 || isShuttingDown()) break;
    for (const overdue of batch) {
      try {
        result.details[await enforceSuspensionPolicy(overdue, policy, ctx)] += 1;
        result.processed += 1;
      } catch (err) {
        result.failed += 1;
        log.error({ err, subscriptionId: overdue.subscriptionId }, 'suspension policy failed');
      }
    }
    after = batch[batch.length - 1]!.subscriptionId;
  }
  return result;
}
