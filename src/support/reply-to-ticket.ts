import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { Ticket, TicketReply, User } from '../models/index.js';
import type { TicketChannel } from '../models/enums.js';
import { checkUploads, type Upload } from './attachments/check-uploads.js';
import { storeAttachments, withAttachmentCleanup } from './attachments/store-attachments.js';
import { findCustomerTicket, findTicket, type TicketRef } from './find-ticket.js';
import { noticeTicketReply } from './ticket-notices.js';

export type TicketAuthor = { kind: 'customer'; customerId: number; userId: number } | { kind: 'staff'; userId: number };

export interface ReplyToTicketInput {
  ticket: TicketRef;
  author: TicketAuthor;
  body: string;
  /** A staff note: never shown to the customer, never mailed to them, no status change. */
  internal?: boolean;
  attachments?: Upload[];
  via?: TicketChannel;
  /** Message-ID of the inbound email: the same email twice adds one reply. */
  emailMessageId?: string | null;
}

export interface ReplyResult {
  ticket: Ticket;
  reply: TicketReply;
  /** True when this email was already appended (nothing new was written). */
  duplicate: boolean;
}

async function existingEmailReply(messageId: string | null | undefined): Promise<ReplyResult | null> {
  if (!messageId) return null;
  const reply = await TicketReply.findOne({ where: { emailMessageId: messageId } });
  const ticket = reply ? await Ticket.findByPk(reply.ticketId) : null;
  return reply && ticket ? { ticket, reply, duplicate: true } : null;
}

/**
 * Adds a message to a ticket, from its customer or from staff, and keeps the status right: a customer's message
 * makes it awaiting_staff (reopening a closed one), a staff reply awaiting_customer (stamping the first response).
 * Public replies are notified; internal notes are not. A reply to a merged ticket lands on the one it was merged into.
 */
export async function replyToTicket(input: ReplyToTicketInput, ctx: Ctx): Promise<ReplyResult> {
  const body = input.body.replace(/\r\n/g, '\n').trim();
  const internal = input.internal === true;
  if (internal && input.author.kind !== 'staff') throw new ValidationError('internal_note_forbidden', 'Only staff write internal notes.');
  if (!body) throw new ValidationError('reply_body_required', 'Please write a message.');
  const files = await checkUploads(input.attachments ?? []);
  const seen = await existingEmailReply(input.emailMessageId);
  if (seen) return seen;
  try {
    return await withAttachmentCleanup((written) =>
      inTransaction(ctx, async (t) => {
        const tx = { ...ctx, transaction: t };
        const { author } = input;
        let ticket = author.kind === 'customer' ? await findCustomerTicket(author.customerId, input.ticket, t) : await findTicket(input.ticket, t);
        if (ticket.mergedIntoId) ticket = await findTicket(ticket.mergedIntoId, t);
        if (author.kind === 'staff' && !(await User.findByPk(author.userId, { attributes: ['id', 'role'], transaction: t }))?.isStaff) {
          throw new ValidationError('staff_invalid', 'Only staff reply as staff.');
        }
        const reply = await TicketReply.create(
          { ticketId: ticket.id, authorId: author.userId, authorKind: author.kind, body, internal, via: input.via ?? 'web', emailMessageId: input.emailMessageId ?? null, ip: ctx.actor.ip?.slice(0, 64) ?? null, createdAt: ctx.now },
          { transaction: t },
        );
        const stored = await storeAttachments(files, { ticketId: ticket.id, replyId: reply.id, now: ctx.now }, t, written);
        const before = { status: ticket.status };
        if (!internal) {
          const byStaff = author.kind === 'staff';
          await ticket.update(
            {
              status: byStaff ? 'awaiting_customer' : 'awaiting_staff',
              lastReplyAt: ctx.now,
              lastReplyBy: byStaff ? 'staff' : 'customer',
              ...(byStaff && !ticket.firstResponseAt ? { firstResponseAt: ctx.now } : {}),
            },
            { transaction: t },
          );
          await noticeTicketReply(ticket, reply, stored, tx);
        }
        if (author.kind === 'staff') {
          await recordAudit({ action: internal ? 'ticket.noted' : 'ticket.replied', entityType: 'ticket', entityId: ticket.id, before, after: { status: ticket.status, replyId: reply.id } }, tx);
        }
        return { ticket, reply, duplicate: false };
      }),
    );
  } catch (err) {
    // NOTE: the same email delivered twice at once: the unique Message-ID lets one in; the other returns it.
    const raced = isUniqueViolation(err) ? await existingEmailReply(input.emailMessageId) : null;
    if (raced) return raced;
    throw err;
  }
}
