import { Op, type Transaction } from 'sequelize';
import { config } from '../../config/index.js';
import type { Ctx } from '../lib/context.js';
import { Customer, TicketDepartment, User, type Ticket, type TicketReply } from '../models/index.js';
import { enqueueMail } from '../notify/enqueue-mail.js';
import { REPLY_MARKER } from '../notify/event-data.js';
import { staffReplyAddress, ticketThreadId } from './reply-address.js';

/** First word of an emailed staff answer (subject or first line) that makes it an internal note. */
export const INTERNAL_NOTE_MARKER = '#note';

/** The back office page of a ticket, as an absolute URL (ADMIN_HOST when the back office has its own host). */
export function adminTicketUrl(ticketId: number): string {
  const cfg = config();
  const base = cfg.hosts.admin ? `${new URL(cfg.appUrl).protocol}//${cfg.hosts.admin}` : cfg.appUrl;
  return `${base}/admin/resources/tickets/records/${ticketId}/show`;
}

/** Who hears of a customer's message by mail: the assignee when active, else every active admin and support member. */
async function recipients(ticket: Ticket, t: Transaction): Promise<User[]> {
  const active = { suspendedAt: null, role: { [Op.in]: ['admin', 'support'] } };
  if (ticket.assigneeId) {
    const assignee = await User.findOne({ where: { id: ticket.assigneeId, ...active }, transaction: t });
    if (assignee) return [assignee];
  }
  return User.findAll({ where: active, order: [['id', 'ASC']], transaction: t });
}

/**
 * Mails staff a customer's new ticket or reply, each with their own signed Reply-To (`staff+<ticket>.<user>.<mac>@`):
 * answering the mail posts a staff reply, or an internal note when it starts with `#note`. One mail per message and
 * staff member (dedupe key), written in the caller's transaction.
 */
export async function mailStaffAboutTicket(ticket: Ticket, message: TicketReply, kind: 'opened' | 'replied', ctx: Ctx & { transaction: Transaction }): Promise<void> {
  const t = ctx.transaction;
  const staff = await recipients(ticket, t);
  if (staff.length === 0) return;
  const [department, customer] = await Promise.all([
    TicketDepartment.findByPk(ticket.departmentId, { attributes: ['id', 'name', 'email'], transaction: t }),
    Customer.findByPk(ticket.customerId, { include: [{ model: User, as: 'user', attributes: ['id', 'firstName', 'lastName', 'email'] }], transaction: t }),
  ]);
  const data = {
    opened: kind === 'opened',
    ticketNumber: ticket.number,
    ticketSubject: ticket.subject,
    priority: ticket.priority,
    departmentName: department?.name ?? 'Support',
    customerName: customer?.user?.fullName ?? customer?.user?.email ?? `Customer #${ticket.customerId}`,
    customerEmail: customer?.user?.email ?? '',
    message: message.body,
    deskUrl: adminTicketUrl(ticket.id),
    replyMarker: REPLY_MARKER,
    noteMarker: INTERNAL_NOTE_MARKER,
  };
  for (const user of staff) {
    await enqueueMail(
      {
        to: user.email,
        toName: user.fullName,
        userId: user.id,
        template: 'ticket-staff-alert',
        subject: '',
        data: { ...data, name: user.firstName ?? user.fullName },
        dedupeKey: `ticket-staff:reply:${message.id}:user:${user.id}`,
        replyTo: staffReplyAddress(ticket, user.id, department),
        thread: ticketThreadId(ticket),
      },
      ctx,
    );
  }
}
