import { checkServiceStatus } from '../site/check-service-status.js';
import type { Job } from './job.js';

/** Probes each configured panel and the billing database for the public status page. */
export const statusCheckJob: Job = {
  name: 'status:check',
  schedule: '*/5 * * * *',
  description: 'Check that each configured control panel and the billing database answer, for the /status page',
  lockTtlMs: 2 * 60_000,
  async run(ctx, log) {
    const checks = await checkServiceStatus(ctx);
    for (const check of checks) if (check.state !== 'operational') log.warn({ component: check.component, state: check.state, detail: check.detail }, 'status check not operational');
    return { processed: checks.length, failed: 0, details: Object.fromEntries(checks.map((c) => [c.component, c.state])) };
  },
};
