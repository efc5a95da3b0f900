import crypto from 'node:crypto';
import { sign } from '../lib/crypto.js';
import type { Ticket, TicketDepartment } from '../models/index.js';
import { fromAddress, mailDomain } from '../notify/mail-transport.js';

const PURPOSE = 'ticket-reply-to';
const STAFF_PURPOSE = 'ticket-staff-reply-to';

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

function staffMac(ticketId: number, userId: number, nonce: string): string {
  return Buffer.from(sign(STAFF_PURPOSE, `${ticketId}.${userId}.${nonce}`), 'base64url').toString('hex').slice(0, 32);
}

/**
 * The signed Reply-To of a ticket's mails to one staff member: `staff+<ticketId>.<userId>.<mac>@<domain>`. It names
 * the staff member, so an emailed answer is accepted only from that member's own address.
 */
export function staffReplyAddress(ticket: Pick<Ticket, 'id' | 'replyTokenNonce'>, userId: number, department?: Pick<TicketDepartment, 'email'> | null): string {
  const domain = department?.email?.split('@')[1] ?? fromAddress().split('@')[1] ?? mailDomain();
  return `staff+${ticket.id}.${userId}.${staffMac(ticket.id, userId, ticket.replyTokenNonce)}@${domain}`;
}

/** The ticket id, staff user id and MAC of an address like `staff+12.3.ab34...@example.com`, or null. */
export function parseStaffReplyAddress(address: string): { ticketId: number; userId: number; mac: string } | null {
  const match = /^staff\+(\d{1,12})\.(\d{1,12})\.([0-9a-f]{32})@/i.exec(address.trim());
  if (!match) return null;
  return { ticketId: Number(match[1]), userId: Number(match[2]), mac: match[3]!.toLowerCase() };
}

/** True when the MAC was made for this ticket, this staff member and the ticket's current nonce. */
export function verifyStaffReplyMac(ticket: Pick<Ticket, 'id' | 'replyTokenNonce'>, userId: number, given: string): boolean {
  const expected = Buffer.from(staffMac(ticket.id, userId, ticket.replyTokenNonce));
  const actual = Buffer.from(given.toLowerCase());
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
