import { isCurrency } from '../../billing/money.js';
import type { Ctx } from '../../lib/context.js';
import { Customer, LedgerEntry } from '../../models/index.js';
import type { GatewayEvent } from '../gateway.js';
import { findGatewayPayment } from '../operations/find-gateway-payment.js';
import { closeDispute, recordDispute } from '../operations/record-dispute.js';
import { forgetPaymentMethod, syncPaymentMethods } from '../operations/sync-payment-methods.js';
import { EventNotReadyError, type EventHandler, type HandlerResult } from './event-outcome.js';
import { paymentArrived, refundArrived, settleAttempts } from './money-events.js';

type Loose = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const idOf = (value: unknown): string | null => text(value) ?? text((value as Loose | null)?.id);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

/** Mirrors the saved methods of the Stripe customer an event names (Checkout, SetupIntent, attach). */
async function syncCustomerOf(stripeCustomerId: string | null, ctx: Ctx): Promise<HandlerResult> {
  const customer = stripeCustomerId ? await Customer.findOne({ where: { stripeCustomerId }, attributes: ['id'] }) : null;
  if (!customer) return 'ignored';
  await syncPaymentMethods(customer.id, ctx);
  return 'processed';
}

/** Checkout finished: in payment mode the invoice is paid (and the card saved for renewals); in setup mode a card was saved. */
const checkoutCompleted: EventHandler = async (event, ctx) => {
  const raw = event.object.raw;
  let result: HandlerResult = 'ignored';
  if (raw.mode === 'payment' && raw.payment_status === 'paid') {
    result = await paymentArrived({
      gateway: 'stripe', invoiceId: event.object.invoiceId, paymentRef: event.object.paymentRef, amount: event.object.amount,
      attemptRefs: [event.object.id, event.object.paymentRef], occurredAt: event.occurredAt,
    }, ctx);
  }
  const synced = await syncCustomerOf(event.object.gatewayCustomerId, ctx);
  return result === 'processed' || synced === 'processed' ? 'processed' : 'ignored';
};

const checkoutExpired: EventHandler = async (event, ctx) =>
  ((await settleAttempts([event.object.id], { status: 'cancelled' }, ctx)).length > 0 ? 'processed' : 'ignored');

/** A PaymentIntent succeeded: off-session renewals, Checkout, or a 3-D Secure confirmation by the customer. */
const paymentSucceeded: EventHandler = async (event, ctx) => {
  const raw = event.object.raw;
  const received = count(raw.amount_received) ?? event.object.amount?.minor ?? null;
  return paymentArrived({
    gateway: 'stripe', invoiceId: event.object.invoiceId, paymentRef: event.object.id, attemptRefs: [event.object.id],
    amount: received !== null && event.object.amount ? { minor: received, currency: event.object.amount.currency } : null,
    occurredAt: event.occurredAt, methodToken: event.object.paymentMethodId,
  }, ctx);
};

const paymentFailed: EventHandler = async (event, ctx) => {
  const code = (event.object.declineCode ?? 'payment_failed').slice(0, 100);
  const failed = await settleAttempts([event.object.id], { status: 'failed', failureCode: code }, ctx);
  return failed.length > 0 ? 'processed' : 'ignored';
};

const paymentRequiresAction: EventHandler = async (event, ctx) => {
  const next = event.object.raw.next_action as { redirect_to_url?: { url?: string } } | null;
  const url = text(next?.redirect_to_url?.url);
  const changed = await settleAttempts([event.object.id], { status: 'requires_action', completedAt: null, ...(url ? { actionUrl: url } : {}) }, ctx);
  return changed.length > 0 ? 'processed' : 'ignored';
};

const methodAdded: EventHandler = (event, ctx) => syncCustomerOf(idOf(event.object.raw.customer), ctx);

const methodDetached: EventHandler = async (event, ctx) => ((await forgetPaymentMethod('stripe', event.object.id, ctx)) ? 'processed' : 'ignored');

/** A refund object changed: a succeeded refund is booked, a failed one is left for staff (the gateway kept the money). */
const refundChanged: EventHandler = async (event, ctx) => {
  if (event.type !== 'refund.succeeded') return 'ignored';
  return refundArrived({ gateway: 'stripe', refundId: event.object.id, paymentRef: event.object.paymentRef, amount: event.object.amount, occurredAt: event.occurredAt }, ctx);
};

/**
 * A charge was refunded. The charge names its invoice, so a payment we missed is booked from it first;
 * listed refunds are booked one by one; without the list we wait for the `refund.*` events.
 */
const chargeRefunded: EventHandler = async (event, ctx) => {
  const raw = event.object.raw;
  const paymentRef = event.object.paymentRef;
  const currency = text(raw.currency)?.toUpperCase() ?? '';
  const captured = count(raw.amount_captured) ?? count(raw.amount);
  if (!paymentRef || !isCurrency(currency)) return 'ignored';
  const arrived = await paymentArrived({
    gateway: 'stripe', invoiceId: event.object.invoiceId, paymentRef, attemptRefs: [paymentRef], occurredAt: event.occurredAt,
    amount: captured ? { minor: captured, currency } : null, methodToken: event.object.paymentMethodId,
  }, ctx);
  if (arrived === 'ignored') return 'ignored';
  const listed = ((raw.refunds as { data?: Loose[] } | null)?.data ?? []).filter((r) => r.status === 'succeeded');
  for (const refund of listed) {
    const amount = count(refund.amount);
    await refundArrived({ gateway: 'stripe', refundId: String(refund.id), paymentRef, amount: amount ? { minor: amount, currency } : null, occurredAt: event.occurredAt }, ctx);
  }
  const payment = await findGatewayPayment('stripe', paymentRef);
  const booked = Number((await LedgerEntry.sum('amountMinor', { where: { relatedEntryId: payment.id, kind: 'refund' } })) || 0);
  if (booked < (count(raw.amount_refunded) ?? 0)) throw new EventNotReadyError(`Stripe refunded ${String(raw.amount_refunded)} of ${paymentRef}; ${booked} booked so far, waiting for its refund events`);
  return 'processed';
};

function disputeOf(event: GatewayEvent) {
  const raw = event.object.raw;
  const currency = (text(raw.currency) ?? '').toUpperCase();
  if (!isCurrency(currency)) return null;
  return {
    gateway: 'stripe' as const, disputeId: event.object.id, paymentRef: event.object.paymentRef, amountMinor: count(raw.amount) ?? 0, currency,
    reason: text(raw.reason), inquiry: String(raw.status ?? '').startsWith('warning_'),
  };
}

const disputeCreated: EventHandler = async (event, ctx) => {
  const dispute = disputeOf(event);
  if (!dispute) return 'ignored';
  await recordDispute(dispute, ctx);
  return 'processed';
};

const disputeClosed: EventHandler = async (event, ctx) => {
  const dispute = disputeOf(event);
  if (!dispute) return 'ignored';
  const status = String(event.object.raw.status ?? 'closed');
  await closeDispute({ ...dispute, won: status === 'won', status }, ctx);
  return 'processed';
};

/** Stripe event type -> handler. */
export const STRIPE_HANDLERS: Readonly<Record<string, EventHandler>> = {
  'checkout.session.completed': checkoutCompleted,
  'checkout.session.async_payment_succeeded': checkoutCompleted,
  'checkout.session.expired': checkoutExpired,
  'payment_intent.succeeded': paymentSucceeded,
  'payment_intent.payment_failed': paymentFailed,
  'payment_intent.requires_action': paymentRequiresAction,
  'setup_intent.succeeded': methodAdded,
  'payment_method.attached': methodAdded,
  'payment_method.detached': methodDetached,
  'charge.refunded': chargeRefunded,
  'refund.created': refundChanged,
  'refund.updated': refundChanged,
  'charge.dispute.created': disputeCreated,
  'charge.dispute.closed': disputeClosed,
};
