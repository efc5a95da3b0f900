import type { Ctx } from '../../lib/context.js';
import { GatewayError, NotFoundError } from '../../lib/errors.js';
import { Customer } from '../../models/index.js';
import type { HostedRedirect } from '../gateway.js';
import { gatewayFor } from '../registry.js';
import { ensureStripeCustomer } from './ensure-stripe-customer.js';
import { appLink, paymentPaths } from './urls.js';

/** Clicks within this window open the same Checkout page (its idempotency key is per window). */
const WINDOW_MS = 10 * 60_000;

/**
 * The customer adds a card for renewals: Stripe Checkout in setup mode. The card is stored at Stripe;
 * `checkout.session.completed` / `setup_intent.succeeded` bring its brand and last 4 into our database.
 */
export async function startSaveCard(customerId: number, ctx: Ctx): Promise<HostedRedirect> {
  const customer = await Customer.findByPk(customerId);
  if (!customer || (ctx.actor.type === 'customer' && customer.userId !== ctx.actor.userId)) throw new NotFoundError('customer_not_found', `Customer ${customerId} not found`);
  const gateway = gatewayFor('stripe');
  if (!gateway.startSaveMethod) throw new GatewayError('gateway_save_unsupported', 'Saving cards is not available');
  const gatewayCustomerId = await ensureStripeCustomer(customer, ctx);
  const back = appLink(paymentPaths.paymentMethods());
  return gateway.startSaveMethod({
    gatewayCustomerId,
    currency: customer.currency ?? 'USD',
    returnUrl: `${back}?saved=1`,
    cancelUrl: back,
    idempotencyKey: `save-card:${customer.id}:${Math.floor(ctx.now.getTime() / WINDOW_MS)}`,
  });
}
