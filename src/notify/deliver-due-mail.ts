import type { Logger } from 'pino';
import { eachInIsolation, type JobResult } from '../jobs/job.js';
import { clock } from '../lib/clock.js';
import { isShuttingDown } from '../lib/shutdown.js';
import { deliverMail, MAIL_TABLE, type MailOutcome } from './deliver-mail.js';
import { claimRow, dueRows, type Claim, type OutboxTable } from './outbox-claim.js';

export interface DeliveryOptions {
  batchSize?: number;
  concurrency?: number;
  /** How long a claimed row belongs to this worker; a row still claimed after it is retried. */
  leaseMs?: number;
  /** Stop claiming new batches after this long; the next run carries on. */
  maxRunMs?: number;
}

/** Claims a batch of due rows, one conditional UPDATE each (rows another worker took are skipped). */
export async function claimBatch(table: OutboxTable, batchSize: number, leaseMs: number): Promise<Claim[]> {
  const now = clock.now();
  const claims: Claim[] = [];
  for (const row of await dueRows(table, now, batchSize)) {
    const claim = await claimRow(table, row, now, leaseMs);
    if (claim) claims.push(claim);
  }
  return claims;
}

/** Delivers due mail batch after batch; each mail in isolation. */
export async function deliverDueMail(log: Logger, opts: DeliveryOptions = {}): Promise<JobResult> {
  const started = performance.now();
  const outcomes: Partial<Record<MailOutcome, number>> = {};
  let processed = 0;
  let failed = 0;
  while (!isShuttingDown() && performance.now() - started < (opts.maxRunMs ?? 50_000)) {
    const claims = await claimBatch(MAIL_TABLE, opts.batchSize ?? 50, opts.leaseMs ?? 5 * 60_000);
    if (claims.length === 0) break;
    const batch = await eachInIsolation(
      claims,
      log,
      async (claim) => {
        const outcome = await deliverMail(claim, log);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      },
      { concurrency: opts.concurrency ?? 5, label: (c) => c.id },
    );
    processed += batch.processed;
    failed += batch.failed;
  }
  return { processed, failed, details: outcomes };
}
