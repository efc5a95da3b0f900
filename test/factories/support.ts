import type { CreationAttributes } from 'sequelize';
import { formatSequenceNumber, nextNumber } from '../../src/db/sequences.js';
import { sequelize } from '../../src/db/sequelize.js';
import { clock } from '../../src/lib/clock.js';
import { Ticket, TicketDepartment, TicketReply, type Customer, type User } from '../../src/models/index.js';
import { createCustomer, createUser } from './identity.js';

export type TicketTrait = 'awaitingStaff' | 'awaitingCustomer' | 'closed' | 'low' | 'high' | 'urgent' | 'assigned' | 'withInternalNote' | 'viaEmail';

export type TicketAttrs = Partial<CreationAttributes<Ticket>> & {
  customer?: Customer;
  department?: TicketDepartment;
  assignee?: User;
  /** The customer's opening message. */
  body?: string;
};

let seq = 0;

/** A support department (slug unique per call unless given). */
export async function createDepartment(attrs: Partial<CreationAttributes<TicketDepartment>> = {}): Promise<TicketDepartment> {
  const n = `${process.pid}-${++seq}`;
  return TicketDepartment.create({ name: `Technical ${n}`, slug: `technical-${n}`, email: `support-${n}@example.test`, ...attrs });
}

/**
 * A ticket numbered from the `ticket` sequence, opened by its customer with one reply. Traits: 'awaitingCustomer'
 * (a staff reply followed), 'awaitingStaff', 'closed', 'low' / 'high' / 'urgent', 'assigned' (to a new support
 * user), 'withInternalNote', 'viaEmail'. The replies are on `ticket.replies`, oldest first.
 */
export async function createTicket(attrs: TicketAttrs = {}, ...traits: TicketTrait[]): Promise<Ticket> {
  const { customer: givenCustomer, department: givenDepartment, assignee: givenAssignee, body, ...rest } = attrs;
  const has = (t: TicketTrait) => traits.includes(t);
  const customer = givenCustomer ?? (await createCustomer());
  const department = givenDepartment ?? (await createDepartment());
  const assignee = givenAssignee ?? (has('assigned') ? await createUser({}, 'support') : undefined);
  const staff = has('awaitingCustomer') || has('withInternalNote') ? (assignee ?? (await createUser({}, 'support'))) : undefined;
  const via = has('viaEmail') ? 'email' : 'web';
  const priority = has('urgent') ? 'urgent' : has('high') ? 'high' : has('low') ? 'low' : 'normal';
  const opened = clock.now();
  const later = new Date(opened.getTime() + 60_000);

  return sequelize().transaction(async (t) => {
    const number = formatSequenceNumber('T-{SEQ:6}', await nextNumber('ticket', t), opened);
    const ticket = await Ticket.create(
      {
        number,
        customerId: customer.id,
        departmentId: department.id,
        subject: 'My server does not boot',
        priority,
        openedVia: via,
        openedById: customer.userId,
        assigneeId: assignee?.id ?? null,
        status: has('closed') ? 'closed' : has('awaitingCustomer') ? 'awaiting_customer' : has('awaitingStaff') ? 'awaiting_staff' : 'open',
        lastReplyAt: staff && has('awaitingCustomer') ? later : opened,
        lastReplyBy: has('awaitingCustomer') ? 'staff' : 'customer',
        firstResponseAt: has('awaitingCustomer') ? later : null,
        ...rest,
      },
      { transaction: t },
    );
    const replies = [
      await TicketReply.create(
        {
          ticketId: ticket.id,
          authorId: customer.userId,
          authorKind: 'customer',
          body: body ?? 'Since the reboot this morning it does not come back up. Can you look?',
          via,
          ...(via === 'email' ? { emailMessageId: `<ticket-${number}@mail.example.test>` } : {}),
          createdAt: opened,
        },
        { transaction: t },
      ),
    ];
    if (staff && has('withInternalNote')) {
      replies.push(await TicketReply.create({ ticketId: ticket.id, authorId: staff.id, authorKind: 'staff', internal: true, body: 'Checked the host: disk is fine.', createdAt: later }, { transaction: t }));
    }
    if (staff && has('awaitingCustomer')) {
      replies.push(await TicketReply.create({ ticketId: ticket.id, authorId: staff.id, authorKind: 'staff', body: 'We restarted the node; please try again.', createdAt: later }, { transaction: t }));
    }
    ticket.replies = replies;
    return ticket;
  });
}

/** A reply on an existing ticket (customer by default; pass authorKind 'staff' and authorId for staff). */
export async function createTicketReply(ticket: Ticket, attrs: Partial<CreationAttributes<TicketReply>> = {}): Promise<TicketReply> {
  return TicketReply.create({ ticketId: ticket.id, authorKind: 'customer', body: 'Any news?', ...attrs });
}
