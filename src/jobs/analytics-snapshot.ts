import { takeAnalyticsSnapshot } from '../analytics/take-analytics-snapshot.js';
import type { Job } from './job.js';

/** Hourly: MRR snapshot of the day, MRR history and revenue rollup that the dashboard reads. */
export const analyticsSnapshotJob: Job = {
  name: 'analytics:snapshot',
  schedule: '20 * * * *',
  description: "Record today's MRR per currency, the dashboard's MRR history and the revenue rollup of the last 35 days",
  lockTtlMs: 30 * 60_000,
  async run(ctx, log) {
    const result = await takeAnalyticsSnapshot(ctx);
    if (result.unconverted.length) log.warn({ currencies: result.unconverted }, 'no FX rate to the base currency; MRR stored unconverted');
    return { processed: result.mrrRows + result.revenueDays, failed: 0, details: { ...result } };
  },
};
