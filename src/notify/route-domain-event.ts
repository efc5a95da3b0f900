import type { Ctx } from '../lib/context.js';
import { Invoice, Order } from '../models/index.js';
import { type CustomerEventData, notifyCustomer, notifyStaff } from './notify.js';

type Payload = Record<string, unknown>;
type Route = (payload: Payload, ctx: Ctx) => Promise<void>;

const num = (value: unknown): number => Number(value);

async function customerOfInvoice(payload: Payload, ctx: Ctx): Promise<number> {
  if (payload.customerId) return num(payload.customerId);
  const invoice = await Invoice.findByPk(num(payload.invoiceId), { attributes: ['id', 'customerId'], transaction: ctx.transaction, rejectOnEmpty: true });
  return invoice.customerId;
}

type PaymentNotice = 'payment.received' | 'payment.failed' | 'dunning.reminder' | 'dunning.final_notice';

/** Payments raise these with the customer and every template variable in the payload (see payments/operations/payment-notices). */
function paymentNotice(event: PaymentNotice): Route {
  return async (p, ctx) => {
    const { customerId, ...data } = p;
    await notifyCustomer(event, { customerId: num(customerId), data: data as CustomerEventData[PaymentNotice] }, ctx);
  };
}

/**
 * Domain events (outbox rows of channel `event`, written by billing) that notify someone, by topic. Each route calls
 * notifyCustomer / notifyStaff, which are idempotent, so an event delivered twice notifies once.
 */
const ROUTES: Record<string, Route> = {
  async 'order.placed'(p, ctx) {
    const customerId = num(p.customerId);
    const orderId = num(p.orderId);
    await notifyCustomer('order.received', { customerId, data: { orderId } }, ctx);
    const staffData = { orderId, number: String(p.number ?? orderId), customerId, totalMinor: num(p.totalMinor), currency: String(p.currency ?? '') };
    await notifyStaff('order.placed', staffData, ctx);
    if (p.status === 'pending_review') {
      const order = await Order.findByPk(orderId, { attributes: ['id', 'reviewReason'], transaction: ctx.transaction });
      await notifyStaff('order.needs_review', { ...staffData, reason: order?.reviewReason ?? null }, ctx);
    }
  },
  async 'order.approved'(p, ctx) {
    await notifyCustomer('order.approved', { customerId: num(p.customerId), data: { orderId: num(p.orderId) } }, ctx);
  },
  async 'order.rejected'(p, ctx) {
    const data = { orderId: num(p.orderId), reason: (p.reason as string | null) ?? null, invoicePaid: p.invoicePaid === true };
    await notifyCustomer('order.rejected', { customerId: num(p.customerId), data }, ctx);
  },
  async 'invoice.issued'(p, ctx) {
    await notifyCustomer('invoice.issued', { customerId: await customerOfInvoice(p, ctx), data: { invoiceId: num(p.invoiceId) } }, ctx);
  },
  'payment.received': paymentNotice('payment.received'),
  'payment.failed': paymentNotice('payment.failed'),
  'dunning.reminder': paymentNotice('dunning.reminder'),
  'dunning.final_notice': paymentNotice('dunning.final_notice'),
  async 'subscription.cancelled'(p, ctx) {
    await notifyCustomer('subscription.cancelled', { customerId: num(p.customerId), data: { subscriptionId: num(p.subscriptionId) } }, ctx);
  },
};

/** Topics with a notification route (others are marked delivered without effect). */
export const ROUTED_TOPICS = Object.keys(ROUTES);

/** Fans one domain event out to notifications, in `ctx.transaction`. Returns false for a topic nobody is told about. */
export async function routeDomainEvent(topic: string, payload: Payload, ctx: Ctx): Promise<boolean> {
  const route = ROUTES[topic];
  if (!route) return false;
  await route(payload, ctx);
  return true;
}
