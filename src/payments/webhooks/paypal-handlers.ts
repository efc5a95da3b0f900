import { isCurrency } from '../../billing/money.js';
import { PaymentAttempt } from '../../models/index.js';
import type { GatewayAmount } from '../gateway.js';
import { fromPaypalMoney } from '../paypal/amount.js';
import { completePaypalReturn } from '../operations/complete-paypal-return.js';
import { closeDispute, recordDispute, type DisputeInput } from '../operations/record-dispute.js';
import type { EventHandler } from './event-outcome.js';
import { paymentArrived, refundArrived, settleAttempts } from './money-events.js';

type Loose = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** PayPal money (`{currency_code, value}`) as a positive amount, or null. */
function amountOf(value: unknown): GatewayAmount | null {
  const money = value as { currency_code?: string; value?: string } | null | undefined;
  if (!money?.currency_code || money.value === undefined) return null;
  const amount = fromPaypalMoney({ currencyCode: money.currency_code, value: money.value });
  return { minor: Math.abs(amount.minor), currency: amount.currency };
}

/** The order a capture belongs to. */
function orderIdOf(capture: Loose): string | null {
  const related = (capture.supplementary_data as { related_ids?: { order_id?: string } } | undefined)?.related_ids;
  return text(related?.order_id);
}

/** The buyer approved but may never come back to us: capture now (the same capture the return page would make). */
const orderApproved: EventHandler = async (event, ctx) => {
  const attempt = await PaymentAttempt.findOne({ where: { gateway: 'paypal', gatewayReference: event.object.id }, attributes: ['id'] });
  if (!attempt) return 'ignored';
  await completePaypalReturn(event.object.id, ctx);
  return 'processed';
};

const captureCompleted: EventHandler = async (event, ctx) =>
  paymentArrived({
    gateway: 'paypal', invoiceId: event.object.invoiceId, paymentRef: event.object.id, amount: amountOf(event.object.raw.amount),
    attemptRefs: [orderIdOf(event.object.raw)], occurredAt: event.occurredAt,
  }, ctx);

const captureDenied: EventHandler = async (event, ctx) => {
  const code = (event.object.declineCode ?? String(event.object.raw.status ?? 'DENIED')).slice(0, 100);
  const failed = await settleAttempts([orderIdOf(event.object.raw)], { status: 'failed', failureCode: code, declineType: 'soft' }, ctx);
  return failed.length > 0 ? 'processed' : 'ignored';
};

const captureRefunded: EventHandler = async (event, ctx) =>
  refundArrived({ gateway: 'paypal', refundId: event.object.id, paymentRef: event.object.paymentRef, amount: amountOf(event.object.raw.amount), occurredAt: event.occurredAt }, ctx);

/** PayPal took a capture back (a chargeback decided at PayPal): booked like a lost dispute. */
const captureReversed: EventHandler = async (event, ctx) => {
  const amount = amountOf(event.object.raw.amount);
  if (!amount || !isCurrency(amount.currency)) return 'ignored';
  await recordDispute({ gateway: 'paypal', disputeId: `reversal:${event.object.id}`, paymentRef: event.object.paymentRef, amountMinor: amount.minor, currency: amount.currency, reason: 'Payment reversed by PayPal' }, ctx);
  return 'processed';
};

function disputeOf(raw: Loose): DisputeInput | null {
  const transaction = (Array.isArray(raw.disputed_transactions) ? raw.disputed_transactions[0] : null) as Loose | null;
  const amount = amountOf(raw.dispute_amount) ?? amountOf(transaction?.gross_amount);
  const disputeId = text(raw.dispute_id) ?? text(raw.id);
  if (!amount || !disputeId || !isCurrency(amount.currency)) return null;
  return {
    gateway: 'paypal', disputeId, paymentRef: text(transaction?.seller_transaction_id), amountMinor: amount.minor, currency: amount.currency,
    reason: text(raw.reason), inquiry: raw.stage === 'INQUIRY',
  };
}

const disputeCreated: EventHandler = async (event, ctx) => {
  const dispute = disputeOf(event.object.raw);
  if (!dispute) return 'ignored';
  await recordDispute(dispute, ctx);
  return 'processed';
};

const disputeResolved: EventHandler = async (event, ctx) => {
  const dispute = disputeOf(event.object.raw);
  if (!dispute) return 'ignored';
  const outcome = String((event.object.raw.dispute_outcome as Loose | undefined)?.outcome_code ?? 'RESOLVED');
  await closeDispute({ ...dispute, won: outcome === 'RESOLVED_SELLER_FAVOUR', status: outcome }, ctx);
  return 'processed';
};

/** PayPal event type -> handler. */
export const PAYPAL_HANDLERS: Readonly<Record<string, EventHandler>> = {
  'CHECKOUT.ORDER.APPROVED': orderApproved,
  'PAYMENT.CAPTURE.COMPLETED': captureCompleted,
  'PAYMENT.CAPTURE.DENIED': captureDenied,
  'PAYMENT.CAPTURE.DECLINED': captureDenied,
  'PAYMENT.CAPTURE.REFUNDED': captureRefunded,
  'PAYMENT.CAPTURE.REVERSED': captureReversed,
  'CUSTOMER.DISPUTE.CREATED': disputeCreated,
  'CUSTOMER.DISPUTE.RESOLVED': disputeResolved,
};
