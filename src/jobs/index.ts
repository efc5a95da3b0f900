import type { Job } from './job.js';
import { pruneSessionsJob } from './sessions-prune.js';
import { provisioningRunJob } from './provisioning-run.js';

/** Every scheduled job; the worker schedules them and the CLI runs each by name. */
export const jobs: Job[] = [pruneSessionsJob, provisioningRunJob];

export function findJob(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
