import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { User, type Ticket } from '../models/index.js';
import { notifyStaff } from '../notify/notify.js';
import { findTicket, type TicketRef } from './find-ticket.js';
import { assertStaff } from './staff-guard.js';

/** Assigns a ticket to a staff member (admin or support), or unassigns it (null); the new assignee is notified in-app. */
export async function assignTicket(ref: TicketRef, assigneeId: number | null, ctx: Ctx): Promise<Ticket> {
  const actorId = assertStaff(ctx);
  return inTransaction(ctx, async (t) => {
    const tx = withTx(ctx, t);
    const ticket = await findTicket(ref, t);
    if (assigneeId !== null) {
      const assignee = await User.findByPk(assigneeId, { attributes: ['id', 'role', 'suspendedAt'], transaction: t });
      if (!assignee || !['admin', 'support'].includes(assignee.role) || assignee.suspendedAt) throw new ValidationError('assignee_invalid', 'Tickets go to active admin or support staff.');
    }
    if (ticket.assigneeId === assigneeId) return ticket;
    const before = { assigneeId: ticket.assigneeId };
    await ticket.update({ assigneeId }, { transaction: t });
    await recordAudit({ action: 'ticket.assigned', entityType: 'ticket', entityId: ticket.id, before, after: { assigneeId } }, tx);
    if (assigneeId !== null && assigneeId !== actorId) {
      await notifyStaff('ticket.assigned', { ticketId: ticket.id, number: ticket.number, subject: ticket.subject, assigneeId, at: ctx.now.toISOString() }, tx);
    }
    return ticket;
  });
}
