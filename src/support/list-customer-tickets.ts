import { TicketDepartment, Ticket } from '../models/index.js';
import type { TicketStatus } from '../models/enums.js';

export interface TicketListing {
  rows: Ticket[];
  total: number;
}

/** A customer's tickets (merged ones left out), newest activity first, optionally of one status. */
export async function listCustomerTickets(customerId: number, opts: { status?: TicketStatus; limit?: number; offset?: number } = {}): Promise<TicketListing> {
  const { rows, count } = await Ticket.findAndCountAll({
    where: { customerId, mergedIntoId: null, ...(opts.status ? { status: opts.status } : {}) },
    include: [{ model: TicketDepartment, as: 'department', attributes: ['id', 'name'] }],
    order: [['updatedAt', 'DESC'], ['id', 'DESC']],
    limit: Math.min(opts.limit ?? 20, 100),
    offset: opts.offset ?? 0,
  });
  return { rows, total: count };
}
