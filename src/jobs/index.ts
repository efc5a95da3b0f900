import type { Job } from './job.js';
import { pruneSessionsJob } from './sessions-prune.js';
import { provisioningRunJob } from './provisioning-run.js';
import { mailDeliverJob } from './mail-deliver.js';
import { outboxDeliverJob } from './outbox-deliver.js';
import { billingRenewJob } from './billing-renew.js';
import { dunningRunJob, paymentsReplayJob } from './dunning-run.js';
import { suspensionsRunJob } from './suspensions-run.js';
import { ticketsAutocloseJob } from './tickets-autoclose.js';
import { statusCheckJob } from './status-check.js';
import { bandwidthCollectJob } from './bandwidth-collect.js';
import { analyticsSnapshotJob } from './analytics-snapshot.js';

/** Every scheduled job; the worker schedules them and the CLI runs each by name. */
export const jobs: Job[] = [pruneSessionsJob, provisioningRunJob, billingRenewJob, mailDeliverJob, outboxDeliverJob, dunningRunJob, suspensionsRunJob, paymentsReplayJob, ticketsAutocloseJob, statusCheckJob, bandwidthCollectJob, analyticsSnapshotJob];

export function findJob(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
