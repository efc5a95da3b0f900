import type Stripe from 'stripe';
import type { GatewayEvent as GatewayEventRow } from '../../models/index.js';
import type { GatewayEvent } from '../gateway.js';
import { normalizePaypalEvent } from '../paypal/webhook.js';
import { normalizeStripeEvent } from '../stripe/webhook.js';
import type { EventHandler } from './event-outcome.js';
import { PAYPAL_HANDLERS } from './paypal-handlers.js';
import { STRIPE_HANDLERS } from './stripe-handlers.js';

// NOTE: One table maps each vendor event type to what it means for us. Types not listed are stored
// (for the record and for staff) and marked ignored. Every handler is idempotent: the ledger key of
// money is the gateway's payment/refund/dispute id, so any number of deliveries, of any of the events
// about one payment, in any order, book it once.
const TABLE: Readonly<Record<string, Readonly<Record<string, EventHandler>>>> = {
  stripe: STRIPE_HANDLERS,
  paypal: PAYPAL_HANDLERS,
};

/** The handler of an event, or null when we do not act on its type. */
export function handlerFor(event: Pick<GatewayEvent, 'gateway' | 'vendorType'>): EventHandler | null {
  return TABLE[event.gateway]?.[event.vendorType] ?? null;
}

/** The vendor event types we act on, by gateway (for the back office and docs). */
export function handledEventTypes(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(TABLE).map(([gateway, handlers]) => [gateway, Object.keys(handlers)]));
}

/** Re-reads a stored (already verified) event into our vocabulary, for processing and replays. */
export function eventFromRow(row: Pick<GatewayEventRow, 'gateway' | 'payload'>): GatewayEvent {
  if (row.gateway === 'stripe') return normalizeStripeEvent(row.payload as unknown as Stripe.Event);
  if (row.gateway === 'paypal') return normalizePaypalEvent(row.payload);
  throw new Error(`No webhook events for gateway ${row.gateway}`);
}
