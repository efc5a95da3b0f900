import type { Logger } from 'pino';
import { eachInIsolation, type JobResult } from '../jobs/job.js';
import type { Ctx } from '../lib/context.js';
import { isShuttingDown } from '../lib/shutdown.js';
import { claimBatch, type DeliveryOptions } from './deliver-due-mail.js';
import { deliverDiscordMessage, deliverDomainEvent, DISCORD_TABLE, EVENT_TABLE, type DiscordPauses, type OutboxOutcome } from './deliver-outbox-message.js';

/**
 * Delivers due outbox messages: domain events first (their fan-out may add Discord rows), then Discord posts, one at
 * a time per run so each webhook's rate limit holds. Outgoing-webhook rows belong to another consumer and are left alone.
 */
export async function deliverDueOutbox(ctx: Ctx, log: Logger, opts: DeliveryOptions = {}): Promise<JobResult> {
  const started = performance.now();
  const outcomes: Partial<Record<OutboxOutcome, number>> = {};
  const pauses: DiscordPauses = new Map();
  let processed = 0;
  let failed = 0;
  const count = (o: OutboxOutcome) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
  const timeLeft = () => !isShuttingDown() && performance.now() - started < (opts.maxRunMs ?? 50_000);
  for (const [table, deliver] of [
    [EVENT_TABLE, (id: Parameters<typeof deliverDomainEvent>[0]) => deliverDomainEvent(id, ctx, log)],
    [DISCORD_TABLE, (id: Parameters<typeof deliverDiscordMessage>[0]) => deliverDiscordMessage(id, pauses, log)],
  ] as const) {
    while (timeLeft()) {
      const claims = await claimBatch(table, opts.batchSize ?? 50, opts.leaseMs ?? 5 * 60_000);
      if (claims.length === 0) break;
      const batch = await eachInIsolation(claims, log, async (claim) => void count(await deliver(claim)), { label: (c) => c.id });
      processed += batch.processed;
      failed += batch.failed;
    }
  }
  return { processed, failed, details: outcomes };
}
