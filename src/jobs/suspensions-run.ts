import { runSuspensions } from '../payments/dunning/run-suspensions.js';
import type { Job } from './job.js';

/** Suspends services of invoices overdue past the threshold and terminates them later (settings `suspension.*`). */
export const suspensionsRunJob: Job = {
  name: 'suspensions:run',
  schedule: '35 * * * *',
  description: 'Suspend services of overdue invoices, terminate them after the grace period, respecting exemptions and extensions',
  lockTtlMs: 30 * 60_000,
  run(ctx, log) {
    return runSuspensions(ctx, log);
  },
};
