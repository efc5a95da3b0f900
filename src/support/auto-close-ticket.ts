import { Op } from 'sequelize';
import { forUpdate, inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { Ticket, TicketReply } from '../models/index.js';
import { noticeTicketClosed } from './ticket-notices.js';

/** The moment before which a ticket's last staff reply must lie for it to close after `days` days. */
export function autoCloseCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60_000);
}

/** Ids of tickets that have waited for their customer at least `days` days, oldest first. */
export async function findTicketsToAutoClose(days: number, now: Date, limit = 500): Promise<number[]> {
  const rows = await Ticket.findAll({
    where: { status: 'awaiting_customer', mergedIntoId: null, lastReplyAt: { [Op.lte]: autoCloseCutoff(now, days) } },
    attributes: ['id'],
    order: [['lastReplyAt', 'ASC'], ['id', 'ASC']],
    limit,
  });
  return rows.map((r) => r.id);
}

/**
 * Closes a ticket that has waited `days` days for its customer: a system message in the thread says why, and the
 * customer gets the ticket-closed mail. The row is re-read under lock, so a customer's answer that came in meanwhile,
 * or a second run, leaves it alone (returns false).
 */
export async function autoCloseTicket(ticketId: number, days: number, ctx: Ctx): Promise<boolean> {
  return inTransaction(ctx, async (t) => {
    const ticket = await Ticket.findOne({ where: { id: ticketId }, ...forUpdate(t) });
    if (!ticket || ticket.status !== 'awaiting_customer' || ticket.mergedIntoId || !ticket.lastReplyAt) return false;
    if (ticket.lastReplyAt.getTime() > autoCloseCutoff(ctx.now, days).getTime()) return false;
    await TicketReply.create(
      {
        ticketId: ticket.id,
        authorId: null,
        authorKind: 'system',
        internal: false,
        body: `This ticket was closed automatically after ${days} days without an answer. Reply to reopen it.`,
        via: 'web',
        createdAt: ctx.now,
      },
      { transaction: t },
    );
    await ticket.update({ status: 'closed', closedAt: ctx.now }, { transaction: t });
    await noticeTicketClosed(ticket, { ...ctx, transaction: t }, { autoClosed: true, autoCloseDays: days });
    return true;
  });
}
