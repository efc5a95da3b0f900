import { openTicket } from '../../src/support/open-ticket.js';
import { replyToTicket } from '../../src/support/reply-to-ticket.js';
import { closeTicket } from '../../src/support/close-ticket.js';
import { clock } from '../../src/lib/clock.js';
import { systemCtx } from '../../src/lib/context.js';
import { type Customer, Service, TicketDepartment, User } from '../../src/models/index.js';
import { TICKET_TOPICS } from './people.js';

const HOUR = 3_600_000;

/** Support tickets for about a third of the demo customers: staff answered most, some are closed, a few wait. */
export async function seedDemoTickets(customers: Customer[], rand: () => number, start: Date, end: Date): Promise<number> {
  const departments = await TicketDepartment.findAll();
  const staff = await User.findOne({ where: { role: 'admin' } });
  if (!departments.length || !staff) return 0;
  let count = 0;
  for (const [i, customer] of customers.entries()) {
    if (i % 3 !== 0) continue;
    const topic = TICKET_TOPICS[i % TICKET_TOPICS.length] as (typeof TICKET_TOPICS)[number];
    const openedAt = new Date(Math.max(customer.createdAt.getTime(), start.getTime()) + Math.floor(rand() * (end.getTime() - customer.createdAt.getTime()) * 0.8));
    clock.set(openedAt);
    const service = await Service.findOne({ where: { customerId: customer.id } });
    const ticket = await openTicket(
      { customerId: customer.id, departmentId: (departments[i % departments.length] as TicketDepartment).id, priority: rand() < 0.2 ? 'high' : 'normal', serviceId: service?.id ?? null, subject: topic.subject, message: topic.body },
      systemCtx({ actor: { type: 'customer', userId: customer.userId } }),
    );
    count++;
    if (rand() < 0.8) {
      clock.set(new Date(openedAt.getTime() + (1 + Math.floor(rand() * 6)) * HOUR));
      await replyToTicket(
        { ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Thanks for reaching out. We have looked into this and applied a fix on our side; please let us know if anything is still off.' },
        systemCtx({ actor: { type: 'staff', userId: staff.id, role: 'admin' } }),
      );
      if (rand() < 0.6) {
        clock.set(new Date(clock.now().getTime() + 20 * HOUR));
        await closeTicket(ticket.id, { kind: 'customer', customerId: customer.id }, systemCtx({ actor: { type: 'customer', userId: customer.userId } }));
      }
    }
  }
  return count;
}
