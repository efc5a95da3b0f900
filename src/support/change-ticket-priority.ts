import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { TICKET_PRIORITIES, type TicketPriority } from '../models/enums.js';
import type { Ticket } from '../models/index.js';
import { findTicket, type TicketRef } from './find-ticket.js';
import { assertStaff } from './staff-guard.js';

/** Changes a ticket's priority (its SLA target follows). */
export async function changeTicketPriority(ref: TicketRef, priority: TicketPriority, ctx: Ctx): Promise<Ticket> {
  assertStaff(ctx);
  if (!TICKET_PRIORITIES.includes(priority)) throw new ValidationError('priority_invalid', 'Unknown ticket priority.');
  return inTransaction(ctx, async (t) => {
    const ticket = await findTicket(ref, t);
    if (ticket.priority === priority) return ticket;
    const before = { priority: ticket.priority };
    await ticket.update({ priority }, { transaction: t });
    await recordAudit({ action: 'ticket.priority_changed', entityType: 'ticket', entityId: ticket.id, before, after: { priority } }, withTx(ctx, t));
    return ticket;
  });
}
