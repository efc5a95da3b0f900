import { Op } from 'sequelize';
import { invoiceBalance, type InvoiceBalance } from '../billing/ledger/invoice-balance.js';
import { NotFoundError } from '../lib/errors.js';
import type { InvoiceStatus } from '../models/enums.js';
import { Invoice, InvoiceLine, InvoiceTax, LedgerEntry, Plan, Service, Subscription } from '../models/index.js';

/** Ledger kinds a customer sees on the payments page. */
const PAYMENT_KINDS = ['payment', 'refund', 'chargeback', 'chargeback_reversal'] as const;

function toId(value: unknown): number {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
}

/** One of the customer's issued invoices (drafts stay hidden), with lines and taxes; another customer's id -> NotFoundError. */
export async function findCustomerInvoice(customerId: number, invoiceId: unknown): Promise<{ invoice: Invoice; balance: InvoiceBalance }> {
  const invoice = await Invoice.findOne({
    where: { id: toId(invoiceId), customerId, status: { [Op.ne]: 'draft' } },
    include: [
      { model: InvoiceLine, as: 'lines' },
      { model: InvoiceTax, as: 'taxes' },
    ],
    order: [[{ model: InvoiceLine, as: 'lines' }, 'position', 'ASC']],
  });
  if (!invoice) throw new NotFoundError('invoice_not_found', 'Not found');
  return { invoice, balance: await invoiceBalance(invoice.id) };
}

/** The customer's issued invoices, newest first, optionally of one status. */
export function listCustomerInvoices(customerId: number, status?: InvoiceStatus): Promise<Invoice[]> {
  const where = status && status !== 'draft' ? { customerId, status } : { customerId, status: { [Op.ne]: 'draft' as const } };
  return Invoice.findAll({ where, order: [['id', 'DESC']], limit: 200 });
}

/** Payments, refunds and chargebacks on the customer's ledger, newest first. */
export function listCustomerPayments(customerId: number): Promise<LedgerEntry[]> {
  return LedgerEntry.findAll({ where: { customerId, kind: [...PAYMENT_KINDS] }, order: [['occurredAt', 'DESC'], ['id', 'DESC']], limit: 200 });
}

/** Payments recorded against one invoice of the customer. */
export function listInvoicePayments(customerId: number, invoiceId: number): Promise<LedgerEntry[]> {
  return LedgerEntry.findAll({ where: { customerId, invoiceId, kind: [...PAYMENT_KINDS] }, order: [['occurredAt', 'ASC']] });
}

/** The customer's services (not archived), newest first, with subscription and plan. */
export function listCustomerServices(customerId: number): Promise<Service[]> {
  return Service.findAll({
    where: { customerId },
    include: [{ model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] }],
    order: [['id', 'DESC']],
  });
}

/** One of the customer's services; another customer's id -> NotFoundError. */
export async function findCustomerService(customerId: number, serviceId: unknown): Promise<Service> {
  const service = await Service.findOne({
    where: { id: toId(serviceId), customerId },
    include: [{ model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] }],
  });
  if (!service) throw new NotFoundError('service_not_found', 'Not found');
  return service;
}

/** The customer's subscriptions, newest first, with plan and services. */
export function listCustomerSubscriptions(customerId: number): Promise<Subscription[]> {
  return Subscription.findAll({
    where: { customerId },
    include: [{ model: Plan, as: 'plan' }, { model: Service, as: 'services' }],
    order: [['id', 'DESC']],
  });
}

/** One of the customer's subscriptions; another customer's id -> NotFoundError. */
export async function findCustomerSubscription(customerId: number, subscriptionId: unknown): Promise<Subscription> {
  const subscription = await Subscription.findOne({
    where: { id: toId(subscriptionId), customerId },
    include: [{ model: Plan, as: 'plan' }, { model: Service, as: 'services' }],
  });
  if (!subscription) throw new NotFoundError('subscription_not_found', 'Not found');
  return subscription;
}

/** The subscription's open invoice with the earliest due date, for a suspended service's "pay invoice X". */
export function findOpenInvoiceOf(customerId: number, subscriptionId: number): Promise<Invoice | null> {
  return Invoice.findOne({ where: { customerId, subscriptionId, status: 'open' }, order: [['dueAt', 'ASC']] });
}
