import type { Transaction } from 'sequelize';
import { forUpdate } from '../db/transaction.js';
import { NotFoundError } from '../lib/errors.js';
import { Ticket, TICKET_NUMBER_PATTERN } from '../models/index.js';

/** `12` or `T-000012`: a ticket's id or its public number. */
export type TicketRef = number | string;

function whereRef(ref: TicketRef): { id: number } | { number: string } | null {
  if (typeof ref === 'number') return Number.isSafeInteger(ref) && ref > 0 ? { id: ref } : null;
  if (TICKET_NUMBER_PATTERN.test(ref)) return { number: ref };
  return /^\d{1,12}$/.test(ref) ? { id: Number(ref) } : null;
}

/** A ticket of this customer (anyone else's, or none, is the same 404). Locked for update inside `t`. */
export async function findCustomerTicket(customerId: number, ref: TicketRef, t?: Transaction): Promise<Ticket> {
  const where = whereRef(ref);
  const ticket = where ? await Ticket.findOne({ where: { ...where, customerId }, ...(t ? forUpdate(t) : {}) }) : null;
  if (!ticket) throw new NotFoundError('ticket_not_found', 'Ticket not found');
  return ticket;
}

/** Any ticket, for staff operations (locked for update inside `t`). */
export async function findTicket(ref: TicketRef, t?: Transaction): Promise<Ticket> {
  const where = whereRef(ref);
  const ticket = where ? await Ticket.findOne({ where, ...(t ? forUpdate(t) : {}) }) : null;
  if (!ticket) throw new NotFoundError('ticket_not_found', 'Ticket not found');
  return ticket;
}
