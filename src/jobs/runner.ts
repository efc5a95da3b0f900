import { withJobLock } from '../db/locks.js';
import { systemCtx } from '../lib/context.js';
import { logger } from '../lib/logger.js';
import type { Job, JobResult } from './job.js';

export interface JobRun extends JobResult {
  job: string;
  skipped: boolean;
  durationMs: number;
}

/** Runs one job under its named lock; another instance holding the lock makes this a skip. */
export async function runJob(job: Job, opts: { now?: Date } = {}): Promise<JobRun> {
  const ctx = systemCtx(opts.now ? { now: opts.now } : {});
  const log = logger().child({ job: job.name, requestId: ctx.requestId });
  const started = Date.now();
  const outcome = await withJobLock(job.name, job.lockTtlMs ?? 10 * 60_000, () => job.run(ctx, log));
  const durationMs = Date.now() - started;
  if (!outcome.acquired || !outcome.result) {
    log.info('another worker holds the lock; skipped');
    return { job: job.name, skipped: true, processed: 0, failed: 0, durationMs };
  }
  log.info({ ...outcome.result, durationMs }, 'job finished');
  return { job: job.name, skipped: false, durationMs, ...outcome.result };
}
