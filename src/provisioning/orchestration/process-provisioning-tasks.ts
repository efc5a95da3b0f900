import type { Logger } from 'pino';
import { clock } from '../../lib/clock.js';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import { eachInIsolation, type JobResult } from '../../jobs/job.js';
import { claimProvisioningTasks, DEFAULT_LEASE_MS } from './claim-provisioning-tasks.js';
import { runProvisioningTask, type TaskRunOutcome } from './run-provisioning-task.js';

export interface ProcessOptions {
  /** Tasks claimed at once. */
  batchSize?: number;
  /** Tasks running against the panels at once. */
  concurrency?: number;
  leaseMs?: number;
  /** Stop claiming new batches after this long (wall time); the next run carries on. */
  maxRunMs?: number;
}

/** Claims due provisioning tasks batch after batch and runs each in isolation with bounded concurrency. */
export async function processDueProvisioningTasks(ctx: Ctx, log: Logger, opts: ProcessOptions = {}): Promise<JobResult> {
  const batchSize = opts.batchSize ?? 100;
  const concurrency = opts.concurrency ?? 20;
  const maxRunMs = opts.maxRunMs ?? 4 * 60_000;
  const started = performance.now();
  const outcomes: Partial<Record<TaskRunOutcome, number>> = {};
  let processed = 0;
  let failed = 0;
  while (!isShuttingDown() && performance.now() - started < maxRunMs) {
    const claim = await claimProvisioningTasks({ limit: batchSize, now: clock.now(), leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS });
    if (claim.tasks.length === 0) break;
    const batch = await eachInIsolation(
      claim.tasks,
      log,
      async (task) => {
        const outcome = await runProvisioningTask(task, claim.token, { ...ctx, now: clock.now() });
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome !== 'succeeded') log.warn({ taskId: task.id, action: task.action, outcome }, 'provisioning task did not succeed');
      },
      { concurrency, label: (task) => task.id },
    );
    processed += batch.processed;
    failed += batch.failed;
  }
  return { processed, failed, details: outcomes };
}
