import type { Ctx } from '../../lib/context.js';
import { WebhookSignatureError, type GatewayId, type WebhookDelivery } from '../gateway.js';
import { gatewayFor } from '../registry.js';
import { storeGatewayEvent } from './event-rows.js';
import { processGatewayEvent, type ProcessOutcome } from './process-gateway-event.js';

/** What the endpoint answers: the event was new (and how processing went) or a duplicate. */
export interface WebhookReceipt {
  readonly eventId: string;
  readonly duplicate: boolean;
  readonly outcome: ProcessOutcome | 'duplicate';
}

/**
 * One webhook delivery: verified by its gateway (throws WebhookSignatureError: nothing is stored),
 * stored once per (gateway, event id), then processed. A duplicate delivery changes nothing; a
 * processing failure is kept on the row for the replay job and staff, and the delivery is still accepted.
 */
export async function receiveWebhook(gatewayId: GatewayId, delivery: WebhookDelivery, ctx: Ctx): Promise<WebhookReceipt> {
  const event = await gatewayFor(gatewayId).parseWebhook(delivery);
  if (!event.id) throw new WebhookSignatureError(gatewayId, 'event without an id');
  const raw = typeof delivery.rawBody === 'string' ? delivery.rawBody : delivery.rawBody.toString('utf8');
  const payload = JSON.parse(raw) as Record<string, unknown>;
  const { row, duplicate } = await storeGatewayEvent(event, payload, ctx);
  if (duplicate) return { eventId: event.id, duplicate: true, outcome: 'duplicate' };
  return { eventId: event.id, duplicate: false, outcome: await processGatewayEvent(row.id, ctx) };
}
