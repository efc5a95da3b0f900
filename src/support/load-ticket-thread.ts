import { NotFoundError } from '../lib/errors.js';
import { Service, Ticket, TicketAttachment, TicketDepartment, TicketReply, User } from '../models/index.js';

export type ThreadViewer = { kind: 'customer'; customerId: number } | { kind: 'staff' };

export interface ThreadMessage {
  id: number;
  authorKind: string;
  authorName: string;
  body: string;
  internal: boolean;
  via: string;
  createdAt: Date;
  attachments: Array<{ id: number; name: string; contentType: string; sizeBytes: number }>;
}

export interface TicketThread {
  ticket: Ticket;
  departmentName: string;
  serviceLabel: string | null;
  messages: ThreadMessage[];
}

/**
 * A ticket with its messages, oldest first. The customer's view is scoped to their tickets and never contains
 * internal notes (nor their files): they are filtered in the query, not in the page.
 */
export async function loadTicketThread(ref: { id?: number; number?: string }, viewer: ThreadViewer): Promise<TicketThread> {
  const where = { ...(ref.id ? { id: ref.id } : { number: ref.number ?? '' }), ...(viewer.kind === 'customer' ? { customerId: viewer.customerId } : {}) };
  const ticket = await Ticket.findOne({ where });
  if (!ticket) throw new NotFoundError('ticket_not_found', 'Ticket not found');
  const customerView = viewer.kind === 'customer';
  const [department, service, replies] = await Promise.all([
    TicketDepartment.findByPk(ticket.departmentId, { attributes: ['id', 'name'] }),
    ticket.serviceId ? Service.findByPk(ticket.serviceId, { attributes: ['id', 'reference', 'hostname'] }) : null,
    TicketReply.findAll({
      where: { ticketId: ticket.id, ...(customerView ? { internal: false } : {}) },
      include: [
        { model: User, as: 'author', attributes: ['id', 'firstName', 'lastName', 'email', 'role'] },
        { model: TicketAttachment, as: 'attachments', attributes: ['id', 'originalName', 'contentType', 'sizeBytes'] },
      ],
      // NOTE: a message's files in the order they were attached (MariaDB returns joined rows in no set order).
      order: [['createdAt', 'ASC'], ['id', 'ASC'], [{ model: TicketAttachment, as: 'attachments' }, 'id', 'ASC']],
    }),
  ]);
  const messages = replies.map((r): ThreadMessage => {
    const staffName = r.author?.firstName ? `${r.author.firstName} (staff)` : 'Support team';
    const authorName = r.authorKind === 'system' ? 'System' : r.authorKind === 'staff' ? (customerView ? staffName : (r.author?.fullName ?? 'Staff')) : (r.author?.fullName ?? 'Customer');
    return {
      id: r.id,
      authorKind: r.authorKind,
      authorName,
      body: r.body,
      internal: r.internal,
      via: r.via,
      createdAt: r.createdAt,
      attachments: (r.attachments ?? []).map((a) => ({ id: a.id, name: a.originalName, contentType: a.contentType, sizeBytes: Number(a.sizeBytes) })),
    };
  });
  return { ticket, departmentName: department?.name ?? '', serviceLabel: service ? (service.hostname ?? service.reference) : null, messages };
}
