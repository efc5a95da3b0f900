import type { Logger } from 'pino';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import { type ChargeContext, loadChargeContexts } from '../operations/charge-invoice-off-session.js';
import { createCallLimit } from '../operations/call-limit.js';
import { createDbLane } from '../operations/db-lane.js';
import { openBatchAttempts } from '../operations/open-batch-attempts.js';
import { createPaymentRecorder } from '../operations/payment-recorder.js';
import { claimDueInvoices, type DunningClaim } from './claim-due-invoices.js';
import { lastChargingStep, loadDunningPolicy } from './dunning-policy.js';
import { runDunningStep, type StepOutcome } from './run-dunning-step.js';

/** Tuning of one run: claim batch size, concurrent gateway calls, and a time budget. */
export interface DunningRunOptions {
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly maxRunMs?: number;
}

/** What a run did. */
export interface DunningRunResult {
  processed: number;
  failed: number;
  details: Record<StepOutcome, number>;
}

/**
 * Charges every invoice due for a dunning step: invoices are claimed in batches (a lease on
 * next_retry_at, so a second worker skips them) and fed to a pool of concurrent charges, at most
 * `concurrency` gateway calls at once; the succeeded ones are recorded together, many per transaction
 * (the run's payment recorder). One invoice failing is logged and counted, never stops the run. A thrown
 * charge (network) keeps its claim until the lease ends and is tried again then, under the same idempotency key.
 */
export async function runDunning(ctx: Ctx, log: Logger, opts: DunningRunOptions = {}): Promise<DunningRunResult> {
  const policy = await loadDunningPolicy();
  const batchSize = opts.batchSize ?? 500;
  const concurrency = Math.max(1, opts.concurrency ?? 32);
  const deadline = Date.now() + (opts.maxRunMs ?? 50 * 60_000);
  const result: DunningRunResult = { processed: 0, failed: 0, details: { paid: 0, pending: 0, requires_action: 0, failed: 0, final: 0, skipped: 0 } };
  // NOTE: `concurrency` bounds the gateway calls. A charge waiting for its batch's commit holds no call, so
  // more charges than that are under way: the gateway stays busy while the last succeeded ones are written.
  const workers = concurrency * 4;
  const calls = createCallLimit(concurrency);
  const lane = createDbLane();
  const record = createPaymentRecorder(ctx, lane, log);
  const queue: Array<{ claim: DunningClaim; loaded: ChargeContext | null }> = [];
  let after = 0;
  let exhausted = false;
  let refilling: Promise<void> | null = null;

  // NOTE: one worker refills the queue while the others drain it, so the pool never waits on a whole batch.
  const refill = (): Promise<void> => {
    refilling ??= (async () => {
      const { claims, lastId } = await lane(() => claimDueInvoices({ limit: batchSize, lastStep: lastChargingStep(policy), after }, ctx));
      if (lastId === null) exhausted = true;
      else after = lastId;
      // NOTE: the batch's invoices, customers, cards and earlier attempts in four queries, not four per
      // charge, and the first attempt of each in one INSERT: a charge is then a Stripe call and one transaction.
      const loaded = await lane(async () => {
        const contexts = await loadChargeContexts(claims.map((c) => c.invoiceId), ctx.now);
        await openBatchAttempts(contexts, ctx);
        return contexts;
      });
      queue.push(...claims.map((claim) => ({ claim, loaded: loaded.get(claim.invoiceId) ?? null })));
    })()
      .catch((err: unknown) => {
        exhausted = true;
        log.error({ err }, 'dunning claim failed');
      })
      .finally(() => (refilling = null));
    return refilling;
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (isShuttingDown() || Date.now() > deadline) return;
      if (queue.length < workers && !exhausted) {
        if (queue.length === 0) await refill();
        else void refill();
      }
      const next = queue.shift();
      if (!next) {
        if (exhausted && !refilling) return;
        await refilling;
        continue;
      }
      const { claim, loaded } = next;
      try {
        result.details[await runDunningStep(claim, policy, ctx, { lane, calls, loaded, record })] += 1;
        result.processed += 1;
      } catch (err) {
        result.failed += 1;
        log.error({ err, invoiceId: claim.invoiceId, step: claim.step }, 'dunning step failed');
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}
