import crypto from 'node:crypto';
import { sign } from '../lib/crypto.js';
import type { Ticket, TicketDepartment } from '../models/index.js';
import { fromAddress, mailDomain } from '../notify/mail-transport.js';

const PURPOSE = 'ticket-reply-to';

/** The token's MAC: 128 bits of HMAC over the ticket id and its nonce, lower-case hex (mail systems may fold case). */
function mac(ticketId: number, nonce: string): string {
  return Buffer.from(sign(PURPOSE, `${ticketId}.${nonce}`), 'base64url').toString('hex').slice(0, 32);
}

/**
 * The signed Reply-To of a ticket's mails: `reply+<ticketId>.<mac>@<domain>` at the department's address domain
 * (or MAIL_FROM's). Rotating the ticket's `reply_token_nonce` revokes every address mailed so far.
 */
export function ticketReplyAddress(ticket: Pick<Ticket, 'id' | 'replyTokenNonce'>, department?: Pick<TicketDepartment, 'email'> | null): string {
  const domain = department?.email?.split('@')[1] ?? fromAddress().split('@')[1] ?? mailDomain();
  return `reply+${ticket.id}.${mac(ticket.id, ticket.replyTokenNonce)}@${domain}`;
}

/** The Message-ID every mail of a ticket refers to (References / In-Reply-To), so mail clients keep one thread. */
export function ticketThreadId(ticket: Pick<Ticket, 'number'>): string {
  return `<ticket.${ticket.number}@${mailDomain()}>`;
}

/** The ticket id and MAC of an address like `reply+12.ab34...@example.com`, or null when it is no reply address. */
export function parseReplyAddress(address: string): { ticketId: number; mac: string } | null {
  const match = /^reply\+(\d{1,12})\.([0-9a-f]{32})@/i.exec(address.trim());
  if (!match) return null;
  return { ticketId: Number(match[1]), mac: match[2]!.toLowerCase() };
}

/** True when the MAC was made for this ticket and its current nonce (constant-time comparison). */
export function verifyReplyMac(ticket: Pick<Ticket, 'id' | 'replyTokenNonce'>, given: string): boolean {
  const expected = Buffer.from(mac(ticket.id, ticket.replyTokenNonce));
  const actual = Buffer.from(given.toLowerCase());
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
