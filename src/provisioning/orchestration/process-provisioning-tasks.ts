import type { Logger } from 'pino';
import { clock } from '../../lib/clock.js';
import type { Ctx } from '../../lib/context.js';
import { isShuttingDown } from '../../lib/shutdown.js';
import type { JobResult } from '../../jobs/job.js';
import type { ProvisioningTask } from '../../models/index.js';
import { claimProvisioningTasks, DEFAULT_LEASE_MS } from './claim-provisioning-tasks.js';
import { runProvisioningTask, type TaskRunOutcome } from './run-provisioning-task.js';
import { loadServiceSubjects, type ServiceSubject } from './service-subject.js';

export interface ProcessOptions {
  /** Tasks claimed at once. */
  batchSize?: number;
  /** Tasks running against the panels at once. */
  concurrency?: number;
  leaseMs?: number;
  /** Stop claiming new batches after this long (wall time); the next run carries on. */
  maxRunMs?: number;
}

interface Claimed {
  task: ProvisioningTask;
  token: string;
  subject?: ServiceSubject;
}

/**
 * Claims due provisioning tasks in batches and runs each in isolation, `concurrency` at a time.
 * NOTE: the next batch is claimed while the last tasks of the current one still run, so no worker idles waiting for
 * the slowest task of a batch; a claim never holds two tasks of one service, so order per service is kept.
 */
export async function processDueProvisioningTasks(ctx: Ctx, log: Logger, opts: ProcessOptions = {}): Promise<JobResult> {
  const batchSize = opts.batchSize ?? 100;
  const concurrency = Math.max(1, opts.concurrency ?? 20);
  const maxRunMs = opts.maxRunMs ?? 4 * 60_000;
  const started = performance.now();
  const outcomes: Partial<Record<TaskRunOutcome, number>> = {};
  const queue: Claimed[] = [];
  let processed = 0;
  let failed = 0;
  let exhausted = false;
  let refilling: Promise<void> | null = null;
  let inFlight = 0;
  // After a claim found nothing, claim again only once a running task finished (it may have unblocked its service's next task).
  let claimAgain = true;
  let waiters: Array<() => void> = [];

  const refill = async (): Promise<void> => {
    claimAgain = false;
    if (isShuttingDown() || performance.now() - started >= maxRunMs) {
      exhausted = true;
      return;
    }
    try {
      const claim = await claimProvisioningTasks({ limit: batchSize, now: clock.now(), leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS });
      if (claim.tasks.length === 0) return;
      claimAgain = true;
      const subjects = await loadServiceSubjects(claim.tasks.map((t) => t.serviceId));
      for (const task of claim.tasks) queue.push({ task, token: claim.token, subject: subjects.get(task.serviceId) });
    } catch (err) {
      // Claimed tasks that never ran go back to the queue when their lease ends.
      exhausted = true;
      log.error({ err }, 'claiming provisioning tasks failed');
    }
  };
  const next = async (): Promise<Claimed | undefined> => {
    for (;;) {
      // On shutdown no new task starts; the claimed ones go back to the queue when their lease ends.
      if (isShuttingDown()) return undefined;
      if (queue.length < concurrency && !exhausted && claimAgain) refilling ??= refill().finally(() => (refilling = null));
      const item = queue.shift();
      if (item) return item;
      if (refilling) await refilling;
      else if (inFlight > 0 && !exhausted) await new Promise<void>((resolve) => waiters.push(resolve));
      else return undefined;
    }
  };
  const worker = async (): Promise<void> => {
    for (let item = await next(); item; item = await next()) {
      const { task } = item;
      inFlight++;
      try {
        const outcome = await runProvisioningTask(task, item.token, { ...ctx, now: clock.now() }, item.subject);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome !== 'succeeded') log.warn({ taskId: task.id, action: task.action, outcome }, 'provisioning task did not succeed');
        processed++;
      } catch (err) {
        failed++;
        log.error({ err, item: task.id }, 'job item failed');
      } finally {
        inFlight--;
        claimAgain = true;
        const woken = waiters;
        waiters = [];
        woken.forEach((wake) => wake());
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { processed, failed, details: outcomes };
}
