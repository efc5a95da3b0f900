import { clock } from '../../lib/clock.js';
import { GatewayError } from '../../lib/errors.js';
import {
  headerOf, WebhookSignatureError,
  type GatewayAmount, type GatewayEvent, type GatewayEventObject, type GatewayEventType, type WebhookDelivery,
} from '../gateway.js';
import { fromPaypalMoney } from './amount.js';
import type { PaypalClient } from './client.js';

type Loose = Record<string, unknown>;

const HEADERS = {
  auth_algo: 'paypal-auth-algo',
  cert_url: 'paypal-cert-url',
  transmission_id: 'paypal-transmission-id',
  transmission_sig: 'paypal-transmission-sig',
  transmission_time: 'paypal-transmission-time',
} as const;

// NOTE: PayPal signs `transmissionId|transmissionTime|webhookId|crc32(rawBody)`; we let PayPal check
// it (POST /v1/notifications/verify-webhook-signature). The event goes into that request verbatim,
// spliced in as the raw bytes we received: re-serializing parsed JSON can change the bytes (key
// order, number formats, escapes) and make a genuine delivery fail. Replays of a genuine delivery
// verify again; the event id, stored with a unique key, is what makes them harmless.
/** Asks PayPal whether the delivery is genuine and for our webhook; returns the parsed event. */
export async function verifyPaypalEvent(rails: PaypalClient, delivery: WebhookDelivery, webhookId: string): Promise<Loose> {
  const fields: Record<string, string> = { webhook_id: webhookId };
  for (const [field, header] of Object.entries(HEADERS)) {
    const value = headerOf(delivery.headers, header);
    if (!value) throw new WebhookSignatureError('paypal', `missing ${header} header`);
    fields[field] = value;
  }
  const raw = typeof delivery.rawBody === 'string' ? delivery.rawBody : delivery.rawBody.toString('utf8');
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch (err) {
    throw new WebhookSignatureError('paypal', 'body is not JSON', err);
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) throw new WebhookSignatureError('paypal', 'body is not an event');
  const head = JSON.stringify(fields);
  const body = `${head.slice(0, -1)},"webhook_event":${raw.trim()}}`;
  let response: Response;
  try {
    response = await fetch(`${rails.baseUrl}/v1/notifications/verify-webhook-signature`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await rails.accessToken()}`, 'content-type': 'application/json' },
      body,
    });
  } catch (err) {
    throw new GatewayError('gateway_unavailable', 'PayPal webhook verification unreachable', { cause: err, retryable: true });
  }
  const answer = (await response.json().catch(() => ({}))) as { verification_status?: string; name?: string };
  if (!response.ok) {
    throw new GatewayError('gateway_unavailable', `PayPal webhook verification answered HTTP ${response.status}`, {
      vendorCode: answer.name, retryable: response.status >= 500 || response.status === 429,
    });
  }
  if (answer.verification_status !== 'SUCCESS') {
    throw new WebhookSignatureError('paypal', `verification status ${answer.verification_status ?? 'missing'}`);
  }
  return event as Loose;
}

const TYPES: Record<string, GatewayEventType> = {
  'CHECKOUT.ORDER.APPROVED': 'order.approved',
  'PAYMENT.CAPTURE.COMPLETED': 'payment.succeeded',
  'PAYMENT.CAPTURE.PENDING': 'payment.pending',
  'PAYMENT.CAPTURE.DENIED': 'payment.failed',
  'PAYMENT.CAPTURE.DECLINED': 'payment.failed',
  'PAYMENT.CAPTURE.REFUNDED': 'refund.succeeded',
  'CUSTOMER.DISPUTE.CREATED': 'dispute.opened',
};

const KINDS: Record<string, GatewayEventObject['kind']> = {
  'checkout-order': 'order', capture: 'payment', refund: 'refund', dispute: 'dispute',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function moneyOf(value: unknown): GatewayAmount | null {
  const money = value as { currency_code?: string; value?: string } | undefined;
  if (!money?.currency_code || money.value === undefined) return null;
  return fromPaypalMoney({ currencyCode: money.currency_code, value: money.value });
}

/** The capture a refund belongs to: its `up` link ends with the capture id. */
function upLinkId(resource: Loose): string | null {
  const links = Array.isArray(resource.links) ? (resource.links as Loose[]) : [];
  const up = links.find((link) => link.rel === 'up' && typeof link.href === 'string');
  return up ? String(up.href).split('/').filter(Boolean).pop() ?? null : null;
}

/** Normalizes a verified PayPal event (snake_case wire JSON). */
export function normalizePaypalEvent(event: Loose): GatewayEvent {
  const resource = (event.resource ?? {}) as Loose;
  const kind = KINDS[String(event.resource_type ?? '')] ?? 'other';
  const unit = (Array.isArray(resource.purchase_units) ? resource.purchase_units[0] : resource) as Loose | undefined;
  const vendorType = String(event.event_type ?? '');
  const object: GatewayEventObject = {
    kind,
    id: String(resource.id ?? ''),
    invoiceId: text(unit?.custom_id),
    paymentRef: kind === 'payment' ? text(resource.id) : kind === 'refund' ? upLinkId(resource) : null,
    gatewayCustomerId: null,
    paymentMethodId: null,
    amount: moneyOf(kind === 'order' ? unit?.amount : resource.amount),
    declineCode: text((resource.status_details as Loose | undefined)?.reason),
    raw: resource,
  };
  // NOTE: PayPal's own samples carry impossible dates ("2018-19-12..."); such an event is dated on receipt.
  const created = new Date(String(event.create_time ?? ''));
  return {
    gateway: 'paypal',
    id: String(event.id ?? ''),
    type: TYPES[vendorType] ?? 'other',
    vendorType,
    occurredAt: Number.isNaN(created.getTime()) ? clock.now() : created,
    object,
  };
}
