import { issueDueRenewals } from '../billing/renewals/issue-due-renewals.js';
import { rollSubscriptionPeriods } from '../billing/renewals/roll-subscription-periods.js';
import type { Job } from './job.js';

/**
 * Hourly: issues the renewal invoice of every period ending within billing.renewal_lead_days (batches
 * of 1,000, exactly once per subscription and period), then rolls subscriptions whose period ended.
 */
export const billingRenewJob: Job = {
  name: 'billing:renew',
  schedule: '7 * * * *',
  description: 'Issue renewal invoices N days before periods end (account credit first) and roll ended periods',
  lockTtlMs: 30 * 60_000,
  async run(ctx, log) {
    const renewals = await issueDueRenewals(ctx, log, { batchSize: 1000 });
    const rolls = await rollSubscriptionPeriods(ctx, log);
    return {
      processed: renewals.issued + rolls.rolled + rolls.cancelled,
      failed: renewals.failed + rolls.failed,
      details: { renewals, rolls },
    };
  },
};
