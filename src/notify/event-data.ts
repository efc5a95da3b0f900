import type { Transaction } from 'sequelize';
import { Invoice, Order, Plan, Service, Subscription, Ticket, TicketAttachment, TicketDepartment, TicketReply } from '../models/index.js';
import { absoluteUrl, portalPaths } from './links.js';

/** The line above which an emailed ticket reply is read (quoted history below it is dropped). */
export const REPLY_MARKER = '## Please type your reply above this line ##';

type Vars = Record<string, unknown>;

/** Loads a row of the customer (a row of someone else is a programming error, never mailed). */
async function own<T extends { customerId: number }>(row: T | null, customerId: number, what: string): Promise<T> {
  if (!row) throw new Error(`notify: ${what} not found`);
  if (row.customerId !== customerId) throw new Error(`notify: ${what} belongs to another customer`);
  return row;
}

const id = (data: Vars, key: string): number => {
  const n = Number(data[key]);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`notify: data.${key} is required`);
  return n;
};

export async function orderVars(data: Vars, customerId: number, transaction: Transaction): Promise<Vars> {
  const order = await own(await Order.findByPk(id(data, 'orderId'), { transaction }), customerId, 'order');
  const invoice = await Invoice.findOne({ where: { orderId: order.id }, attributes: ['id'], order: [['id', 'ASC']], transaction });
  return {
    orderNumber: order.number,
    orderUrl: absoluteUrl(portalPaths.order(order.id)),
    totalMinor: order.totalMinor,
    currency: order.currency,
    needsReview: order.status === 'pending_review',
    reason: order.rejectionReason,
    invoiceUrl: invoice ? absoluteUrl(portalPaths.invoice(invoice.id)) : null,
  };
}

export async function invoiceVars(data: Vars, customerId: number, transaction: Transaction): Promise<Vars> {
  const invoice = await own(await Invoice.findByPk(id(data, 'invoiceId'), { transaction }), customerId, 'invoice');
  return {
    invoiceNumber: invoice.number ?? `#${invoice.id}`,
    invoiceUrl: absoluteUrl(portalPaths.invoice(invoice.id)),
    payUrl: absoluteUrl(portalPaths.payInvoice(invoice.id)),
    totalMinor: invoice.totalMinor,
    amountDueMinor: invoice.amountDueMinor,
    currency: invoice.currency,
    dueAt: invoice.dueAt,
    kind: invoice.kind,
  };
}

async function planName(planId: number, transaction: Transaction): Promise<string> {
  return (await Plan.findByPk(planId, { attributes: ['id', 'name'], transaction }))?.name ?? 'service';
}

export async function serviceVars(data: Vars, customerId: number, transaction: Transaction): Promise<Vars> {
  const service = await own(await Service.findByPk(id(data, 'serviceId'), { transaction }), customerId, 'service');
  const subscription = await Subscription.findByPk(service.subscriptionId, { attributes: ['id', 'planId'], transaction });
  return {
    serviceName: subscription ? await planName(subscription.planId, transaction) : 'service',
    reference: service.reference,
    hostname: service.hostname,
    domain: service.domain,
    ipAddresses: service.ipAddresses ?? [],
    serviceUrl: absoluteUrl(portalPaths.service(service.id)),
  };
}

export async function subscriptionVars(data: Vars, customerId: number, transaction: Transaction): Promise<Vars> {
  const subscription = await own(await Subscription.findByPk(id(data, 'subscriptionId'), { transaction }), customerId, 'subscription');
  const service = await Service.findOne({ where: { subscriptionId: subscription.id }, attributes: ['id'], order: [['id', 'ASC']], transaction });
  return {
    serviceName: await planName(subscription.planId, transaction),
    // NOTE: a cancellation that has taken effect (now, or at the end of the period it ran out) has no later end date;
    // cancelledAt is when it was asked for, which may be weeks before, and would read as a date the service still runs.
    endsAt: subscription.cancelAtPeriodEnd ? subscription.currentPeriodEnd : null,
    reason: subscription.cancellationReason,
    serviceUrl: absoluteUrl(service ? portalPaths.service(service.id) : portalPaths.home()),
  };
}

export async function ticketVars(data: Vars, customerId: number, transaction: Transaction): Promise<Vars> {
  const ticket = await own(await Ticket.findByPk(id(data, 'ticketId'), { transaction }), customerId, 'ticket');
  const department = await TicketDepartment.findByPk(ticket.departmentId, { attributes: ['id', 'name'], transaction });
  return {
    ticketNumber: ticket.number,
    ticketSubject: ticket.subject,
    ticketUrl: absoluteUrl(portalPaths.ticket(ticket.number)),
    departmentName: department?.name ?? 'support',
    replyMarker: REPLY_MARKER,
  };
}

/** ticketVars, and a check that the files named are the reply's own and the reply is public (they are mailed). */
export async function ticketReplyVars(data: Vars, customerId: number, transaction: Transaction): Promise<Vars> {
  const vars = await ticketVars(data, customerId, transaction);
  const ids = (Array.isArray(data.attachments) ? (data.attachments as Array<{ id?: unknown }>) : []).map((a) => Number(a.id)).filter((n) => Number.isSafeInteger(n) && n > 0);
  if (ids.length === 0) return vars;
  const reply = await TicketReply.findOne({ where: { id: id(data, 'replyId'), ticketId: id(data, 'ticketId'), internal: false }, attributes: ['id'], transaction });
  const own = reply ? await TicketAttachment.count({ where: { id: ids, replyId: reply.id }, transaction }) : 0;
  if (own !== new Set(ids).size) throw new Error('notify: ticket files of another message');
  return vars;
}
