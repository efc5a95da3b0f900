import crypto from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { systemCtx, type Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { Customer, Ticket, User } from '../../models/index.js';
import { htmlToText } from '../../notify/email-views.js';
import { checkUploads, MAX_FILES_PER_REPLY, type CheckedUpload, type Upload } from '../attachments/check-uploads.js';
import { parseReplyAddress, verifyReplyMac } from '../reply-address.js';
import { replyToTicket } from '../reply-to-ticket.js';
import { stripQuotedText } from './strip-quoted.js';

export type InboundResult =
  | { status: 'appended'; ticketId: number; replyId: number; rejectedFiles: string[] }
  | { status: 'duplicate'; ticketId: number; replyId: number }
  | { status: 'ignored'; reason: 'auto_reply' };

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((o) => o.value.flatMap((a) => [a.address ?? '', ...(a.group ?? []).map((g) => g.address ?? '')]));

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (Array.isArray(value)) return value.map(String).join(',');
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return value ? String(value) : '';
}

/** Out-of-office answers and other robots (RFC 3834, common vendor headers) must not reopen tickets or loop. */
function isAutoReply(mail: ParsedMail): boolean {
  const auto = headerText(mail, 'auto-submitted').toLowerCase();
  const precedence = headerText(mail, 'precedence').toLowerCase();
  return (auto !== '' && auto !== 'no') || ['bulk', 'junk', 'auto_reply', 'list'].includes(precedence) || mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond');
}

/** The first reply address among the recipients (To, Cc, Delivered-To, X-Original-To). */
function replyToken(mail: ParsedMail): { ticketId: number; mac: string } | null {
  const candidates = [...addresses(mail.to), ...addresses(mail.cc), ...['delivered-to', 'x-original-to'].flatMap((h) => headerText(mail, h).split(','))];
  for (const candidate of candidates) {
    const token = parseReplyAddress(candidate.replace(/^.*</, '').replace(/>.*$/, ''));
    if (token) return token;
  }
  return null;
}

/** Files of the email that pass the upload checks; the others are named so the reply can say so. */
async function acceptedFiles(mail: ParsedMail): Promise<{ files: Upload[]; rejected: string[] }> {
  const files: Upload[] = [];
  const rejected: string[] = [];
  for (const a of mail.attachments) {
    const upload = { filename: a.filename ?? 'attachment', bytes: a.content };
    if (files.length >= MAX_FILES_PER_REPLY) {
      rejected.push(upload.filename);
      continue;
    }
    const ok: CheckedUpload[] | null = await checkUploads([upload]).catch(() => null);
    if (ok) files.push(upload);
    else rejected.push(upload.filename);
  }
  return { files, rejected };
}

/**
 * Appends an emailed reply to its ticket: the signed reply address (`reply+<ticketId>.<mac>@`) names the ticket and
 * must verify, the sender must be the ticket's customer, quoted history is stripped, and the Message-ID makes a
 * redelivered email a no-op. Files that fail the checks are left out and listed in the reply.
 */
export async function ingestInboundEmail(rawRfc5322: Buffer, ctx: Ctx = systemCtx()): Promise<InboundResult> {
  const mail = await simpleParser(rawRfc5322);
  if (isAutoReply(mail)) return { status: 'ignored', reason: 'auto_reply' };
  const token = replyToken(mail);
  if (!token) throw new ValidationError('inbound_no_token', 'The email is not addressed to a ticket reply address.');
  const ticket = await Ticket.findByPk(token.ticketId);
  if (!ticket || !verifyReplyMac(ticket, token.mac)) throw new ValidationError('inbound_token_invalid', 'The reply address is not valid.');
  const customer = await Customer.findByPk(ticket.customerId, { include: [{ model: User, as: 'user' }] });
  const sender = (mail.from?.value[0]?.address ?? '').trim().toLowerCase();
  if (!customer?.user || sender !== customer.user.email) throw new ValidationError('inbound_sender_mismatch', 'The sender is not the customer of this ticket.');

  const messageId = (mail.messageId ?? `<sha256.${crypto.createHash('sha256').update(rawRfc5322).digest('hex')}@inbound>`).slice(0, 255);
  const { files, rejected } = await acceptedFiles(mail);
  let body = stripQuotedText(mail.text ?? (mail.html ? htmlToText(mail.html) : ''));
  if (rejected.length) body = `${body}\n\n(Not attached: ${rejected.join(', ')}. Only images, PDF, ZIP and text files up to the size limit are accepted.)`.trim();
  if (!body && files.length === 0) throw new ValidationError('inbound_empty', 'The email has no new text.');
  const result = await replyToTicket(
    { ticket: ticket.id, author: { kind: 'customer', customerId: customer.id, userId: customer.user.id }, body: body || '(files attached)', attachments: files, via: 'email', emailMessageId: messageId },
    { ...ctx, actor: { type: 'customer', userId: customer.user.id } },
  );
  if (result.duplicate) return { status: 'duplicate', ticketId: result.ticket.id, replyId: result.reply.id };
  return { status: 'appended', ticketId: result.ticket.id, replyId: result.reply.id, rejectedFiles: rejected };
}
