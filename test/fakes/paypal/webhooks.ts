// Webhook deliveries signed by the fake, and PayPal's verify-webhook-signature answer for them.
// The fake signs like PayPal (`transmissionId|transmissionTime|webhookId|crc32(body)`), with an
// HMAC of its own instead of PayPal's RSA key; it answers SUCCESS only for a delivery it signed,
// for the same webhook id, with the same headers and an unchanged event, and FAILURE otherwise.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { clock } from '../../../src/lib/clock.js';
import { link } from './objects.js';

/** A signed delivery, ready to hand to the gateway (or to POST to an endpoint). */
export interface PaypalDelivery {
  rawBody: string;
  headers: Record<string, string>;
  event: Record<string, unknown>;
}

interface Signed {
  sig: string;
  time: string;
  webhookId: string;
  certUrl: string;
  authAlgo: string;
  canonical: string;
}

const RESOURCE_TYPES: Array<[RegExp, string]> = [
  [/^PAYMENT\.CAPTURE\.REFUNDED$/, 'refund'], [/^PAYMENT\.CAPTURE\./, 'capture'], [/^CHECKOUT\.ORDER\./, 'checkout-order'],
  [/^CUSTOMER\.DISPUTE\./, 'dispute'], [/^BILLING\.SUBSCRIPTION\./, 'subscription'],
];

/** Signs deliveries and verifies them, as PayPal's notification service would. */
export class WebhookSigner {
  private readonly key = randomBytes(32);
  private readonly signed = new Map<string, Signed>();
  verifications = 0;

  constructor(private readonly base: () => string) {}

  /** A delivery of `eventType` about `resource` for `webhookId`. */
  sign(eventType: string, resource: Record<string, unknown>, webhookId: string, opts: { resourceType?: string; summary?: string } = {}): PaypalDelivery {
    const id = `WH-${randomBytes(10).toString('hex').toUpperCase()}`;
    const now = clock.now().toISOString();
    const event = {
      id, event_version: '1.0', create_time: now,
      resource_type: opts.resourceType ?? RESOURCE_TYPES.find(([pattern]) => pattern.test(eventType))?.[1] ?? 'unknown',
      resource_version: '2.0', event_type: eventType, summary: opts.summary ?? `${eventType} (fake)`, resource,
      links: [
        link(`${this.base()}/v1/notifications/webhooks-events/${id}`, 'self'),
        link(`${this.base()}/v1/notifications/webhooks-events/${id}/resend`, 'resend', 'POST'),
      ],
    };
    const rawBody = JSON.stringify(event);
    const transmissionId = randomUUID();
    const record: Signed = {
      time: now, webhookId, certUrl: `${this.base()}/v1/notifications/certs/CERT-fake-${randomBytes(4).toString('hex')}`,
      authAlgo: 'SHA256withRSA', canonical: rawBody,
      sig: createHmac('sha256', this.key).update(`${transmissionId}|${now}|${webhookId}|${crc32(rawBody)}`).digest('base64'),
    };
    this.signed.set(transmissionId, record);
    return {
      rawBody, event,
      headers: {
        'content-type': 'application/json', 'paypal-transmission-id': transmissionId, 'paypal-transmission-time': now,
        'paypal-transmission-sig': record.sig, 'paypal-cert-url': record.certUrl, 'paypal-auth-algo': record.authAlgo,
      },
    };
  }

  /** PayPal's answer to POST /v1/notifications/verify-webhook-signature. */
  verify(body: Record<string, unknown>): { status: number; body: Record<string, unknown> } {
    const required = ['auth_algo', 'cert_url', 'transmission_id', 'transmission_sig', 'transmission_time', 'webhook_id', 'webhook_event'];
    const missing = required.filter((field) => body[field] === undefined || body[field] === '');
    if (missing.length > 0) {
      return {
        status: 400,
        body: { name: 'VALIDATION_ERROR', message: 'Invalid request - see details', details: missing.map((field) => ({ field, issue: 'MISSING_REQUIRED_PARAMETER' })) },
      };
    }
    this.verifications += 1;
    const record = this.signed.get(String(body.transmission_id));
    const ok = record !== undefined
      && record.sig === body.transmission_sig && record.time === body.transmission_time && record.webhookId === body.webhook_id
      && record.certUrl === body.cert_url && record.authAlgo === body.auth_algo
      && record.canonical === JSON.stringify(body.webhook_event);
    return { status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } };
  }
}
