import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import type { Ticket } from '../models/index.js';
import { findCustomerTicket, findTicket, type TicketRef } from './find-ticket.js';
import { assertStaff } from './staff-guard.js';
import { noticeTicketClosed } from './ticket-notices.js';

/** Who closes or reopens: the ticket's customer (scoped to them), staff, or the system (auto-close). */
export type TicketActor = { kind: 'customer'; customerId: number } | { kind: 'staff' } | { kind: 'system' };

/** Closes a ticket; staff and system closes are mailed to the customer. Closing a closed ticket changes nothing. */
export async function closeTicket(ref: TicketRef, by: TicketActor, ctx: Ctx): Promise<Ticket> {
  if (by.kind === 'staff') assertStaff(ctx);
  return inTransaction(ctx, async (t) => {
    const tx = { ...ctx, transaction: t };
    const ticket = by.kind === 'customer' ? await findCustomerTicket(by.customerId, ref, t) : await findTicket(ref, t);
    if (ticket.status === 'closed') return ticket;
    const before = { status: ticket.status };
    await ticket.update({ status: 'closed', closedAt: ctx.now }, { transaction: t });
    if (by.kind === 'staff') await recordAudit({ action: 'ticket.closed', entityType: 'ticket', entityId: ticket.id, before, after: { status: 'closed' } }, tx);
    if (by.kind !== 'customer') await noticeTicketClosed(ticket, tx);
    return ticket;
  });
}

/** Reopens a closed ticket: the customer's reopening waits for staff; staff's is simply open again. */
export async function reopenTicket(ref: TicketRef, by: TicketActor, ctx: Ctx): Promise<Ticket> {
  if (by.kind === 'staff') assertStaff(ctx);
  return inTransaction(ctx, async (t) => {
    const ticket = by.kind === 'customer' ? await findCustomerTicket(by.customerId, ref, t) : await findTicket(ref, t);
    if (ticket.status !== 'closed' || ticket.mergedIntoId) return ticket;
    await ticket.update({ status: by.kind === 'customer' ? 'awaiting_staff' : 'open' }, { transaction: t });
    if (by.kind === 'staff') await recordAudit({ action: 'ticket.reopened', entityType: 'ticket', entityId: ticket.id, before: { status: 'closed' }, after: { status: ticket.status } }, withTx(ctx, t));
    return ticket;
  });
}
