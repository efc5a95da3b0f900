import type { ParsedMail } from 'mailparser';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { Ticket, User } from '../../models/index.js';
import { verifyStaffReplyMac } from '../reply-address.js';
import { replyToTicket } from '../reply-to-ticket.js';
import { INTERNAL_NOTE_MARKER } from '../staff-ticket-mail.js';
import type { InboundResult } from './ingest-inbound-email.js';
import { acceptedFiles, messageIdOf, senderOf, textOf, withRejectedNote } from './parse-inbound.js';
import { stripQuotedText } from './strip-quoted.js';

const REPLY_PREFIXES = /^\s*((re|aw|sv|fwd?|wg|tr)\s*(\[\d+\])?\s*:\s*)+/i;
const startsWithMarker = (line: string): boolean => line.trimStart().toLowerCase().startsWith(INTERNAL_NOTE_MARKER);

/**
 * Whether a staff member's emailed answer is an internal note (`#note` at the start of the subject, after any
 * Re:/Fwd:, or of the first line), and the body without that marker.
 */
export function readStaffAnswer(subject: string, body: string): { internal: boolean; body: string } {
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0 && startsWithMarker(lines[first]!)) {
    lines[first] = lines[first]!.trimStart().slice(INTERNAL_NOTE_MARKER.length).replace(/^[\s:-]+/, '');
    return { internal: true, body: lines.join('\n').trim() };
  }
  return { internal: startsWithMarker(subject.replace(REPLY_PREFIXES, '')), body };
}

/**
 * A staff member's answer to a ticket mail (`staff+<ticket>.<user>.<mac>@`): the MAC must verify for that ticket and
 * member, the sender must be the member's own address, and the member must still be active admin or support staff.
 * The new text (quoted mail stripped) becomes a staff reply, mailed to the customer, or an internal note.
 */
export async function ingestStaffReply(mail: ParsedMail, raw: Buffer, token: { ticketId: number; userId: number; mac: string }, ctx: Ctx): Promise<InboundResult> {
  const ticket = await Ticket.findByPk(token.ticketId);
  if (!ticket || !verifyStaffReplyMac(ticket, token.userId, token.mac)) throw new ValidationError('inbound_token_invalid', 'The reply address is not valid.');
  const staff = await User.findByPk(token.userId);
  if (!staff || senderOf(mail) !== staff.email.toLowerCase()) throw new ValidationError('inbound_sender_mismatch', 'The sender is not the staff member this address was sent to.');
  if (staff.suspendedAt || !['admin', 'support'].includes(staff.role)) throw new ValidationError('inbound_staff_refused', 'Only active admin and support staff answer tickets by email.');

  const { files, rejected } = await acceptedFiles(mail);
  const answer = readStaffAnswer(mail.subject ?? '', stripQuotedText(textOf(mail)));
  const body = withRejectedNote(answer.body, rejected);
  if (!body && files.length === 0) throw new ValidationError('inbound_empty', 'The email has no new text.');
  const result = await replyToTicket(
    { ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: body || '(files attached)', internal: answer.internal, attachments: files, via: 'email', emailMessageId: messageIdOf(mail, raw) },
    { ...ctx, actor: { type: 'staff', userId: staff.id, role: staff.role as 'admin' | 'support' } },
  );
  if (result.duplicate) return { status: 'duplicate', ticketId: result.ticket.id, replyId: result.reply.id };
  return { status: 'appended', ticketId: result.ticket.id, replyId: result.reply.id, rejectedFiles: rejected, internal: answer.internal };
}
