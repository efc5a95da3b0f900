import { simpleParser } from 'mailparser';
import { systemCtx, type Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { Customer, Ticket, User } from '../../models/index.js';
import { parseReplyAddress, parseStaffReplyAddress, verifyReplyMac } from '../reply-address.js';
import { replyToTicket } from '../reply-to-ticket.js';
import { ingestStaffReply } from './ingest-staff-reply.js';
import { openTicketFromEmail } from './open-ticket-from-email.js';
import { acceptedFiles, isAutoReply, messageIdOf, recipients, senderOf, textOf, withRejectedNote } from './parse-inbound.js';
import { stripQuotedText } from './strip-quoted.js';

export type InboundResult =
  | { status: 'appended'; ticketId: number; replyId: number; rejectedFiles: string[]; internal?: boolean }
  | { status: 'opened'; ticketId: number; replyId: number; rejectedFiles: string[] }
  | { status: 'duplicate'; ticketId: number; replyId: number }
  | { status: 'unregistered_sender'; answered: boolean }
  | { status: 'ignored'; reason: 'auto_reply' };

/**
 * Takes one email a mail server piped to us (`mail:inbound`, POST /webhooks/inbound-email):
 * - to a staff reply address (`staff+<ticket>.<user>.<mac>@`): the staff member's answer, see ingestStaffReply;
 * - to a customer reply address (`reply+<ticket>.<mac>@`): the customer's reply, appended to the ticket (the sender
 *   must be the ticket's customer, quoted history is stripped);
 * - to the support address (no token): a new ticket from a known customer, or one polite answer a day to others.
 * The Message-ID makes a redelivered email a no-op; robots' mail (out of office) is ignored.
 */
export async function ingestInboundEmail(rawRfc5322: Buffer, ctx: Ctx = systemCtx()): Promise<InboundResult> {
  const mail = await simpleParser(rawRfc5322);
  if (isAutoReply(mail)) return { status: 'ignored', reason: 'auto_reply' };
  const to = recipients(mail);
  const staffToken = to.map(parseStaffReplyAddress).find((t) => t !== null);
  if (staffToken) return ingestStaffReply(mail, rawRfc5322, staffToken, ctx);
  const token = to.map(parseReplyAddress).find((t) => t !== null);
  if (!token) {
    if (to.some((a) => /^(reply|staff)\+/i.test(a))) throw new ValidationError('inbound_token_invalid', 'The reply address is not valid.');
    return openTicketFromEmail(mail, rawRfc5322, ctx);
  }

  const ticket = await Ticket.findByPk(token.ticketId);
  if (!ticket || !verifyReplyMac(ticket, token.mac)) throw new ValidationError('inbound_token_invalid', 'The reply address is not valid.');
  const customer = await Customer.findByPk(ticket.customerId, { include: [{ model: User, as: 'user' }] });
  if (!customer?.user || senderOf(mail) !== customer.user.email) throw new ValidationError('inbound_sender_mismatch', 'The sender is not the customer of this ticket.');

  const { files, rejected } = await acceptedFiles(mail);
  const body = withRejectedNote(stripQuotedText(textOf(mail)), rejected);
  if (!body && files.length === 0) throw new ValidationError('inbound_empty', 'The email has no new text.');
  const result = await replyToTicket(
    { ticket: ticket.id, author: { kind: 'customer', customerId: customer.id, userId: customer.user.id }, body: body || '(files attached)', attachments: files, via: 'email', emailMessageId: messageIdOf(mail, rawRfc5322) },
    { ...ctx, actor: { type: 'customer', userId: customer.user.id } },
  );
  if (result.duplicate) return { status: 'duplicate', ticketId: result.ticket.id, replyId: result.reply.id };
  return { status: 'appended', ticketId: result.ticket.id, replyId: result.reply.id, rejectedFiles: rejected };
}
