import { deliverDueOutbox } from '../notify/deliver-due-outbox.js';
import type { Job } from './job.js';

/** Fans domain events out to notifications and posts Discord messages (rate-limited, retried with backoff). */
export const outboxDeliverJob: Job = {
  name: 'outbox:deliver',
  schedule: '* * * * *',
  description: 'Deliver outbox messages: domain events to notifications, Discord posts (rate limits respected, retries with backoff)',
  lockTtlMs: 2 * 60_000,
  run(ctx, log) {
    return deliverDueOutbox(ctx, log, { batchSize: 50, maxRunMs: 50_000 });
  },
};
