import { recordAudit } from '../audit/record-audit.js';
import { formatSequenceNumber, nextNumber } from '../db/sequences.js';
import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { Customer, Service, Ticket, TicketDepartment, TicketReply, User } from '../models/index.js';
import type { TicketChannel, TicketPriority } from '../models/enums.js';
import { getSetting } from '../settings/index.js';
import { checkUploads, type Upload } from './attachments/check-uploads.js';
import { storeAttachments, withAttachmentCleanup } from './attachments/store-attachments.js';
import { noticeTicketOpened, noticeTicketReply } from './ticket-notices.js';

export interface OpenTicketInput {
  customerId: number;
  departmentId: number;
  priority?: TicketPriority;
  /** The service the ticket is about; it must be one of the customer's. */
  serviceId?: number | null;
  subject: string;
  message: string;
  attachments?: Upload[];
  via?: TicketChannel;
  /** Staff opening the ticket on the customer's behalf (the first message is theirs). */
  staffUserId?: number | null;
  emailMessageId?: string | null;
}

const clean = (text: string): string => text.replace(/\r\n/g, '\n').trim();

/**
 * Opens a ticket for a customer: number from the `ticket` sequence, the first message with its attachments, the
 * customer's confirmation mail (signed reply address) and the support team's notification.
 */
export async function openTicket(input: OpenTicketInput, ctx: Ctx): Promise<Ticket> {
  const subject = input.subject.replace(/\s+/g, ' ').trim();
  const message = clean(input.message);
  if (!subject || subject.length > 191) throw new ValidationError('ticket_subject_invalid', 'Please give a subject of at most 191 characters.');
  if (!message) throw new ValidationError('ticket_message_required', 'Please describe your request.');
  const files = await checkUploads(input.attachments ?? []);
  return withAttachmentCleanup((written) =>
    inTransaction(ctx, async (t) => {
      const tx = { ...ctx, transaction: t };
      const customer = await Customer.findByPk(input.customerId, { attributes: ['id', 'userId', 'status'], transaction: t });
      if (!customer || customer.status === 'closed') throw new ValidationError('customer_not_found', 'This account cannot open tickets.');
      const department = await TicketDepartment.findOne({ where: { id: input.departmentId, active: true }, transaction: t });
      if (!department) throw new ValidationError('department_invalid', 'Please choose a department.');
      if (input.serviceId && !(await Service.findOne({ where: { id: input.serviceId, customerId: customer.id }, attributes: ['id'], transaction: t }))) {
        throw new ValidationError('service_invalid', 'Please choose one of your services.');
      }
      const staff = input.staffUserId ? await User.findByPk(input.staffUserId, { attributes: ['id', 'role'], transaction: t }) : null;
      if (input.staffUserId && !staff?.isStaff) throw new ValidationError('staff_invalid', 'Only staff open tickets for a customer.');
      const number = formatSequenceNumber(await getSetting('support.ticket_number_format'), await nextNumber('ticket', t), ctx.now);
      const ticket = await Ticket.create(
        {
          number,
          customerId: customer.id,
          departmentId: department.id,
          serviceId: input.serviceId ?? null,
          subject,
          priority: input.priority ?? 'normal',
          status: staff ? 'awaiting_customer' : 'open',
          openedVia: input.via ?? 'web',
          openedById: staff?.id ?? customer.userId,
          assigneeId: null,
          mergedIntoId: null,
          lastReplyAt: ctx.now,
          lastReplyBy: staff ? 'staff' : 'customer',
          firstResponseAt: staff ? ctx.now : null,
          createdAt: ctx.now,
        },
        { transaction: t },
      );
      const first = await TicketReply.create(
        {
          ticketId: ticket.id,
          authorId: staff?.id ?? customer.userId,
          authorKind: staff ? 'staff' : 'customer',
          body: message,
          via: input.via ?? 'web',
          emailMessageId: input.emailMessageId ?? null,
          ip: ctx.actor.ip?.slice(0, 64) ?? null,
          createdAt: ctx.now,
        },
        { transaction: t },
      );
      const stored = await storeAttachments(files, { ticketId: ticket.id, replyId: first.id, now: ctx.now }, t, written);
      if (staff) {
        // NOTE: a ticket staff open is their message to the customer: it is mailed as a reply, not as a confirmation.
        await recordAudit({ action: 'ticket.opened', entityType: 'ticket', entityId: ticket.id, after: { number, customerId: customer.id, subject } }, tx);
        await noticeTicketReply(ticket, first, stored, tx);
      } else {
        await noticeTicketOpened(ticket, first, tx);
      }
      return ticket;
    }),
  );
}
