import { deliverDueMail } from '../notify/deliver-due-mail.js';
import type { Job } from './job.js';

/** Sends due mail from the outbox (SMTP_URL), retrying with backoff; without SMTP it captures mail in the database. */
export const mailDeliverJob: Job = {
  name: 'mail:deliver',
  schedule: '* * * * *',
  description: 'Send due mail from the outbox (retries with backoff; captured in the database when SMTP_URL is not set)',
  lockTtlMs: 2 * 60_000,
  run(_ctx, log) {
    return deliverDueMail(log, { batchSize: 50, concurrency: 5, maxRunMs: 50_000 });
  },
};
