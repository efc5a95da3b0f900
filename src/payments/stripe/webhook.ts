import type Stripe from 'stripe';
import { clock } from '../../lib/clock.js';
import {
  headerOf, WebhookSignatureError,
  type GatewayEvent, type GatewayEventObject, type GatewayEventType, type WebhookDelivery,
} from '../gateway.js';
import { fromStripeAmount } from './amount.js';

/** Seconds a signed delivery stays acceptable (Stripe's own default; replays older than this fail). */
export const STRIPE_WEBHOOK_TOLERANCE_S = 300;

type Loose = Record<string, unknown>;

/** Verifies the `Stripe-Signature` header against the raw body and our clock; throws on any doubt. */
export function verifyStripeEvent(stripe: Stripe, delivery: WebhookDelivery, secret: string): Stripe.Event {
  const signature = headerOf(delivery.headers, 'stripe-signature');
  if (!signature) throw new WebhookSignatureError('stripe', 'missing Stripe-Signature header');
  try {
    return stripe.webhooks.constructEvent(
      delivery.rawBody, signature, secret, STRIPE_WEBHOOK_TOLERANCE_S, undefined, clock.now().getTime(),
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unparseable delivery';
    throw new WebhookSignatureError('stripe', reason, err);
  }
}

/** Stripe event type -> our event type, for the objects our rails create. */
function typeOf(event: Stripe.Event, object: Loose): GatewayEventType {
  switch (event.type) {
    case 'checkout.session.completed':
      return 'checkout.completed';
    case 'checkout.session.expired':
      return 'checkout.expired';
    case 'payment_intent.succeeded':
      return 'payment.succeeded';
    case 'payment_intent.processing':
      return 'payment.pending';
    case 'payment_intent.payment_failed':
      return 'payment.failed';
    case 'payment_intent.requires_action':
      return 'payment.action_required';
    case 'setup_intent.succeeded':
      return 'payment_method.saved';
    case 'charge.dispute.created':
      return 'dispute.opened';
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      if (object.status === 'succeeded') return 'refund.succeeded';
      return object.status === 'failed' || object.status === 'canceled' ? 'refund.failed' : 'other';
    default:
      return 'other';
  }
}

const KINDS: Record<string, GatewayEventObject['kind']> = {
  'checkout.session': 'checkout', payment_intent: 'payment', refund: 'refund', setup_intent: 'setup', dispute: 'dispute',
};

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Loose).id === 'string') return (value as Loose).id as string;
  return null;
}

/** Our view of the event's object: ids, invoice, amount, decline code; `raw` keeps the rest. */
function objectOf(raw: Loose): GatewayEventObject {
  const objectType = String(raw.object ?? '');
  const kind = KINDS[objectType] ?? 'other';
  const metadata = (raw.metadata ?? {}) as Loose;
  const lastError = (raw.last_payment_error ?? raw.last_setup_error ?? null) as Loose | null;
  const amountMinor = typeof raw.amount === 'number' ? raw.amount : typeof raw.amount_total === 'number' ? raw.amount_total : null;
  const paymentRef = kind === 'payment' ? str(raw.id) : kind === 'setup' ? null : str(raw.payment_intent);
  return {
    kind,
    id: String(raw.id ?? ''),
    invoiceId: str(metadata.invoice_id) ?? str(raw.client_reference_id),
    paymentRef,
    gatewayCustomerId: str(raw.customer),
    paymentMethodId: str(raw.payment_method),
    amount: amountMinor !== null && typeof raw.currency === 'string' ? fromStripeAmount(amountMinor, raw.currency) : null,
    declineCode: lastError ? str(lastError.decline_code) ?? str(lastError.code) : null,
    raw,
  };
}

/** Normalizes a verified Stripe event. */
export function normalizeStripeEvent(event: Stripe.Event): GatewayEvent {
  const raw = event.data.object as unknown as Loose;
  return {
    gateway: 'stripe',
    id: event.id,
    type: typeOf(event, raw),
    vendorType: event.type,
    occurredAt: new Date(event.created * 1000),
    object: objectOf(raw),
  };
}
