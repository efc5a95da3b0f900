import { runDunning } from '../payments/dunning/run-dunning.js';
import { replayDueGatewayEvents } from '../payments/webhooks/replay-gateway-event.js';
import { getSetting } from '../settings/index.js';
import type { Job } from './job.js';

/** Charges invoices due for a dunning step (due date, then the retry ladder), `dunning.gateway_concurrency` gateway calls at a time. */
export const dunningRunJob: Job = {
  name: 'dunning:run',
  schedule: '5 * * * *',
  description: 'Charge due invoices to saved cards, retry failed ones on the dunning ladder, send reminders and the final notice',
  lockTtlMs: 55 * 60_000,
  async run(ctx, log) {
    return runDunning(ctx, log, { batchSize: 500, concurrency: await getSetting('dunning.gateway_concurrency'), maxRunMs: 50 * 60_000 });
  },
};

/** Processes stored gateway events again that failed or waited for another event (backoff per event). */
export const paymentsReplayJob: Job = {
  name: 'payments:replay',
  schedule: '*/5 * * * *',
  description: 'Retry webhook events that failed or arrived before the payment they refer to',
  lockTtlMs: 4 * 60_000,
  async run(ctx) {
    return replayDueGatewayEvents(ctx, { limit: 500 });
  },
};
