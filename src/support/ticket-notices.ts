import type { Transaction } from 'sequelize';
import { withTx, type Ctx } from '../lib/context.js';
import { TicketDepartment, User, type Ticket, type TicketAttachment, type TicketReply } from '../models/index.js';
import { notifyCustomer, notifyStaff } from '../notify/notify.js';
import { ticketReplyAddress, ticketThreadId } from './reply-address.js';
import { mailStaffAboutTicket } from './staff-ticket-mail.js';

type TxCtx = Ctx & { transaction: Transaction };

async function mailOptions(ticket: Ticket, t: Transaction) {
  const department = await TicketDepartment.findByPk(ticket.departmentId, { attributes: ['id', 'name', 'email'], transaction: t });
  return { department, mail: { replyTo: ticketReplyAddress(ticket, department), thread: ticketThreadId(ticket) } };
}

const excerpt = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 300);

/** A new ticket: the customer's confirmation (with the signed reply address) and the support team's alert and mail. */
export async function noticeTicketOpened(ticket: Ticket, first: TicketReply, ctx: TxCtx): Promise<void> {
  const { department, mail } = await mailOptions(ticket, ctx.transaction);
  await notifyCustomer('ticket.opened', { customerId: ticket.customerId, data: { ticketId: ticket.id, message: first.body }, mail }, ctx);
  await notifyStaff(
    'ticket.opened',
    { ticketId: ticket.id, number: ticket.number, subject: ticket.subject, priority: ticket.priority, department: department?.name ?? '', customerId: ticket.customerId, assigneeId: ticket.assigneeId ?? null },
    ctx,
  );
  if (first.authorKind === 'customer') await mailStaffAboutTicket(ticket, first, 'opened', ctx);
}

/**
 * A public reply: staff's goes to the customer by mail and in-app, the customer's to the assignee (or the support
 * team) in-app and by mail. Internal notes never come here.
 */
export async function noticeTicketReply(ticket: Ticket, reply: TicketReply, attachments: TicketAttachment[], ctx: TxCtx): Promise<void> {
  if (reply.internal) throw new Error('internal notes are never notified');
  if (reply.authorKind === 'staff') {
    const author = reply.authorId ? await User.findByPk(reply.authorId, { attributes: ['id', 'firstName', 'lastName', 'email'], transaction: ctx.transaction }) : null;
    const { mail } = await mailOptions(ticket, ctx.transaction);
    const data = { ticketId: ticket.id, replyId: reply.id, authorName: author?.firstName ?? 'Our support team', message: reply.body, attachments: attachments.map((a) => ({ id: a.id, name: a.originalName, sizeBytes: Number(a.sizeBytes) })) };
    await notifyCustomer('ticket.replied', { customerId: ticket.customerId, data, mail }, withTx(ctx, ctx.transaction));
    return;
  }
  if (reply.authorKind === 'customer') {
    await notifyStaff(
      'ticket.customer_replied',
      { ticketId: ticket.id, replyId: reply.id, number: ticket.number, subject: ticket.subject, excerpt: excerpt(reply.body), assigneeId: ticket.assigneeId ?? null },
      ctx,
    );
    await mailStaffAboutTicket(ticket, reply, 'replied', ctx);
  }
}

/** A ticket closed by staff or the system: the customer hears of it (closing it themselves needs no mail). */
export async function noticeTicketClosed(ticket: Ticket, ctx: TxCtx, extra: { autoClosed?: boolean; autoCloseDays?: number } = {}): Promise<void> {
  const { mail } = await mailOptions(ticket, ctx.transaction);
  await notifyCustomer('ticket.closed', { customerId: ticket.customerId, data: { ...extra, ticketId: ticket.id, closedAt: ticket.closedAt ?? ctx.now }, mail }, ctx);
}
