import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { TICKET_STATUSES, type TicketStatus } from '../models/enums.js';
import type { Ticket } from '../models/index.js';
import { closeTicket } from './close-ticket.js';
import { findTicket, type TicketRef } from './find-ticket.js';
import { assertStaff } from './staff-guard.js';

/** Sets a ticket's status by hand (closing goes through closeTicket, so the customer is told). */
export async function changeTicketStatus(ref: TicketRef, status: TicketStatus, ctx: Ctx): Promise<Ticket> {
  assertStaff(ctx);
  if (!TICKET_STATUSES.includes(status)) throw new ValidationError('status_invalid', 'Unknown ticket status.');
  if (status === 'closed') return closeTicket(ref, { kind: 'staff' }, ctx);
  return inTransaction(ctx, async (t) => {
    const ticket = await findTicket(ref, t);
    if (ticket.status === status) return ticket;
    if (ticket.mergedIntoId) throw new ValidationError('ticket_merged', 'A merged ticket stays closed.');
    const before = { status: ticket.status };
    await ticket.update({ status }, { transaction: t });
    await recordAudit({ action: 'ticket.status_changed', entityType: 'ticket', entityId: ticket.id, before, after: { status } }, withTx(ctx, t));
    return ticket;
  });
}
