import type { ParsedMail } from 'mailparser';
import { Op } from 'sequelize';
import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { Customer, TicketDepartment, TicketReply, User } from '../../models/index.js';
import { enqueueMail } from '../../notify/enqueue-mail.js';
import { absoluteUrl, portalPaths } from '../../notify/links.js';
import { fromAddress } from '../../notify/mail-transport.js';
import { openTicket } from '../open-ticket.js';
import type { InboundResult } from './ingest-inbound-email.js';
import { acceptedFiles, messageIdOf, recipients, senderOf, textOf, withRejectedNote } from './parse-inbound.js';

// NOTE: mail systems' own senders never get the "please register" answer (it would bounce back and forth).
const ROBOT_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)[+@]/i;

/** The department whose address the email was sent to, else the first active one (the default department). */
async function departmentFor(mail: ParsedMail): Promise<TicketDepartment> {
  const to = recipients(mail);
  const active = await TicketDepartment.findAll({ where: { active: true }, order: [['sortOrder', 'ASC'], ['name', 'ASC'], ['id', 'ASC']] });
  const department = active.find((d) => d.email && to.includes(d.email.toLowerCase())) ?? active[0];
  if (!department) throw new ValidationError('inbound_no_department', 'There is no active support department to open the ticket in.');
  return department;
}

async function seenBefore(messageId: string): Promise<InboundResult | null> {
  const reply = await TicketReply.findOne({ where: { emailMessageId: messageId }, attributes: ['id', 'ticketId'] });
  return reply ? { status: 'duplicate', ticketId: reply.ticketId, replyId: reply.id } : null;
}

/** One answer per sender and day to an address that has no customer account: how to reach support instead. */
async function answerUnregistered(sender: string, displayName: string, ctx: Ctx): Promise<InboundResult> {
  if (!sender || ROBOT_SENDER.test(sender) || sender === fromAddress().toLowerCase()) return { status: 'unregistered_sender', answered: false };
  const { queued } = await enqueueMail(
    {
      to: sender,
      template: 'ticket-unregistered-sender',
      subject: '',
      data: { name: displayName.slice(0, 60), senderEmail: sender, registerUrl: absoluteUrl('/account/register'), ticketsUrl: absoluteUrl(`${portalPaths.home()}/tickets/new`), contactUrl: absoluteUrl('/contact') },
      dedupeKey: `support:unregistered:${sender}:${ctx.now.toISOString().slice(0, 10)}`.slice(0, 191),
    },
    ctx,
  );
  return { status: 'unregistered_sender', answered: queued };
}

/**
 * An email to the support address without a reply token. From a customer's account address it opens a ticket in the
 * department it was addressed to (or the default one), with its files within the limits; the Message-ID makes a
 * second delivery return the first ticket. From any other address, nothing is stored and the sender gets one polite
 * answer a day pointing to sign-up and the portal.
 */
export async function openTicketFromEmail(mail: ParsedMail, raw: Buffer, ctx: Ctx): Promise<InboundResult> {
  const messageId = messageIdOf(mail, raw);
  const seen = await seenBefore(messageId);
  if (seen) return seen;
  const sender = senderOf(mail);
  const user = sender ? await User.findOne({ where: { email: sender, role: 'customer', suspendedAt: { [Op.is]: null } } }) : null;
  const customer = user ? await Customer.findOne({ where: { userId: user.id } }) : null;
  if (!user || !customer) return answerUnregistered(sender, (mail.from?.value[0]?.name ?? '').replace(/[\r\n<>]/g, ' ').trim(), ctx);

  const department = await departmentFor(mail);
  const { files, rejected } = await acceptedFiles(mail);
  const body = withRejectedNote(textOf(mail).replace(/\r\n?/g, '\n').trim(), rejected);
  if (!body && files.length === 0) throw new ValidationError('inbound_empty', 'The email has no text.');
  const subject = (mail.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 191) || '(no subject)';
  try {
    const ticket = await openTicket(
      { customerId: customer.id, departmentId: department.id, subject, message: body || '(files attached)', attachments: files, via: 'email', emailMessageId: messageId },
      { ...ctx, actor: { type: 'customer', userId: user.id } },
    );
    const first = await TicketReply.findOne({ where: { ticketId: ticket.id }, order: [['id', 'ASC']], attributes: ['id'], rejectOnEmpty: true });
    return { status: 'opened', ticketId: ticket.id, replyId: first.id, rejectedFiles: rejected };
  } catch (err) {
    // NOTE: the same email delivered twice at once: the unique Message-ID lets one ticket in; the other returns it.
    const raced = isUniqueViolation(err) ? await seenBefore(messageId) : null;
    if (raced) return raced;
    throw err;
  }
}
