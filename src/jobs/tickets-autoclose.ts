import { getSetting } from '../settings/index.js';
import { autoCloseTicket, findTicketsToAutoClose } from '../support/auto-close-ticket.js';
import { eachInIsolation, type Job } from './job.js';

/** Closes tickets awaiting the customer for `support.auto_close_days` days (0 turns it off), with a note and a mail. */
export const ticketsAutocloseJob: Job = {
  name: 'tickets:autoclose',
  schedule: '25 * * * *',
  description: 'Close tickets that waited for the customer longer than support.auto_close_days, with a system note and the ticket-closed mail',
  async run(ctx, log) {
    const days = await getSetting('support.auto_close_days');
    if (days <= 0) return { processed: 0, failed: 0, details: { disabled: true } };
    const ids = await findTicketsToAutoClose(days, ctx.now);
    let closed = 0;
    const result = await eachInIsolation(
      ids,
      log,
      async (id) => {
        if (await autoCloseTicket(id, days, ctx)) closed += 1;
      },
      { label: (id) => id },
    );
    return { ...result, details: { closed, days } };
  },
};
