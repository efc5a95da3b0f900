import { Op } from 'sequelize';
import { formatMoney, isCurrency } from '../billing/money.js';
import type { Ctx } from '../lib/context.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../models/enums.js';
import { Customer, Invoice, Plan, Service, Subscription, Ticket, User } from '../models/index.js';
import { getSetting } from '../settings/index.js';
import { MAX_FILES_PER_REPLY } from './attachments/check-uploads.js';
import { listCannedResponses } from './canned-responses.js';
import { loadTicketThread } from './load-ticket-thread.js';
import { assertStaff } from './staff-guard.js';
import { ticketSla, type TicketSla } from './ticket-sla.js';

/** Everything the back office's ticket page shows: the thread (notes marked), the SLA, the customer's services and invoices, and the choices of each action. */
export interface TicketDesk {
  ticket: {
    id: number;
    number: string;
    subject: string;
    status: string;
    priority: string;
    departmentName: string;
    serviceLabel: string | null;
    assigneeId: number | null;
    mergedIntoNumber: string | null;
    openedVia: string;
    createdAt: string;
    lastReplyAt: string | null;
  };
  sla: Omit<TicketSla, 'dueAt'> & { dueAt: string };
  messages: Array<{ id: number; authorKind: string; authorName: string; body: string; internal: boolean; via: string; createdAt: string; attachments: Array<{ id: number; name: string; sizeBytes: number }> }>;
  customer: { id: number; name: string; email: string; status: string; company: string | null };
  services: Array<{ id: number; reference: string; label: string; status: string }>;
  invoices: Array<{ id: number; number: string; status: string; total: string; amountDue: string; dueAt: string | null }>;
  canned: Array<{ id: number; title: string }>;
  assignees: Array<{ id: number; name: string; role: string }>;
  mergeTargets: Array<{ id: number; number: string; subject: string; status: string }>;
  statuses: readonly string[];
  priorities: readonly string[];
  /** What a reply or note may carry (the same limits as the customer's messages). */
  uploads: { maxFiles: number; maxMb: number };
}

const LIMIT = 15;
const money = (minor: number, currency: string): string => (isCurrency(currency) ? formatMoney(Number(minor), currency) : `${minor} ${currency}`);

/** The ticket page of the back office (staff only): read-only, every change goes through its own operation. */
export async function loadTicketDesk(ticketId: number, ctx: Ctx): Promise<TicketDesk> {
  assertStaff(ctx);
  const thread = await loadTicketThread({ id: ticketId }, { kind: 'staff' });
  const t = thread.ticket;
  const [customer, services, invoices, canned, staff, others, mergedInto, maxMb] = await Promise.all([
    Customer.findByPk(t.customerId, { include: [{ model: User, as: 'user', attributes: ['id', 'firstName', 'lastName', 'email'] }] }),
    Service.findAll({
      where: { customerId: t.customerId },
      attributes: ['id', 'reference', 'hostname', 'domain', 'status', 'subscriptionId'],
      include: [{ model: Subscription, as: 'subscription', attributes: ['id', 'planId'], include: [{ model: Plan, as: 'plan', attributes: ['id', 'name'] }] }],
      order: [['id', 'DESC']],
      limit: LIMIT,
    }),
    Invoice.findAll({ where: { customerId: t.customerId }, order: [['id', 'DESC']], limit: LIMIT }),
    listCannedResponses(t.departmentId),
    User.findAll({ where: { role: { [Op.in]: ['admin', 'support'] }, suspendedAt: null }, attributes: ['id', 'firstName', 'lastName', 'email', 'role'], order: [['firstName', 'ASC'], ['id', 'ASC']] }),
    Ticket.findAll({ where: { customerId: t.customerId, mergedIntoId: null, id: { [Op.ne]: t.id } }, attributes: ['id', 'number', 'subject', 'status'], order: [['id', 'DESC']], limit: LIMIT }),
    t.mergedIntoId ? Ticket.findByPk(t.mergedIntoId, { attributes: ['id', 'number'] }) : null,
    getSetting('support.max_attachment_mb'),
  ]);
  const sla = ticketSla(t, ctx.now);
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    ticket: {
      id: t.id,
      number: t.number,
      subject: t.subject,
      status: t.status,
      priority: t.priority,
      departmentName: thread.departmentName,
      serviceLabel: thread.serviceLabel,
      assigneeId: t.assigneeId ?? null,
      mergedIntoNumber: mergedInto?.number ?? null,
      openedVia: t.openedVia,
      createdAt: t.createdAt.toISOString(),
      lastReplyAt: iso(t.lastReplyAt),
    },
    sla: { ...sla, dueAt: sla.dueAt.toISOString() },
    messages: thread.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), attachments: m.attachments.map((a) => ({ id: a.id, name: a.name, sizeBytes: a.sizeBytes })) })),
    customer: {
      id: t.customerId,
      name: customer?.user?.fullName ?? `Customer #${t.customerId}`,
      email: customer?.user?.email ?? '',
      status: customer?.status ?? '',
      company: customer?.company ?? null,
    },
    services: services.map((s) => ({ id: s.id, reference: s.reference, label: [s.subscription?.plan?.name, s.hostname ?? s.domain].filter(Boolean).join(' · ') || s.reference, status: s.status })),
    invoices: invoices.map((i) => ({ id: i.id, number: i.number ?? `draft #${i.id}`, status: i.status, total: money(i.totalMinor, i.currency), amountDue: money(i.amountDueMinor, i.currency), dueAt: iso(i.dueAt) })),
    canned: canned.map((c) => ({ id: c.id, title: c.title })),
    assignees: staff.map((u) => ({ id: u.id, name: u.fullName, role: u.role })),
    mergeTargets: others.map((o) => ({ id: o.id, number: o.number, subject: o.subject, status: o.status })),
    statuses: TICKET_STATUSES,
    priorities: TICKET_PRIORITIES,
    uploads: { maxFiles: MAX_FILES_PER_REPLY, maxMb },
  };
}
