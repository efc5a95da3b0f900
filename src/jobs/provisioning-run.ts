import { processDueProvisioningTasks } from '../provisioning/orchestration/process-provisioning-tasks.js';
import type { Job } from './job.js';

/** Carries due provisioning tasks (create, suspend, unsuspend, terminate) to the panels, 20 at a time. */
export const provisioningRunJob: Job = {
  name: 'provisioning:run',
  schedule: '* * * * *',
  description: 'Run due provisioning tasks against the panels (create, suspend, unsuspend, terminate) with retries',
  lockTtlMs: 5 * 60_000,
  run(ctx, log) {
    return processDueProvisioningTasks(ctx, log, { batchSize: 100, concurrency: 20, maxRunMs: 4 * 60_000 });
  },
};
