import { runBandwidthCollection } from '../bandwidth/run-bandwidth-collection.js';
import type { Job } from './job.js';

/** Hourly: traffic per service from ElastiFlow, quota alerts, overage of finished cycles. */
export const bandwidthCollectJob: Job = {
  name: 'bandwidth:collect',
  // NOTE: at 17 past the hour, away from the jobs that start on the hour.
  schedule: '17 * * * *',
  description: 'Collect per-service traffic from ElastiFlow, send quota alerts (75/90/100 %) and bill the overage of finished cycles',
  lockTtlMs: 30 * 60_000,
  run(ctx, log) {
    return runBandwidthCollection(ctx, log);
  },
};
