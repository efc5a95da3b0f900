// NOTE: Gateways are switched on by configuration only: Stripe when its secret key and webhook secret
// are set, PayPal when its client id, secret and webhook id are set; bank transfer always exists
// (whether its details are shown is a setting). Instances are cached per configuration object, so
// `setConfig(loadConfig({...}))` in a test points every later call at the fakes.
import { config, type Config } from '../../config/index.js';
import { GatewayError } from '../lib/errors.js';
import { BankTransferGateway } from './bank-transfer/gateway.js';
import type { GatewayId, PaymentGateway } from './gateway.js';
import { PaypalGateway } from './paypal/gateway.js';
import { StripeGateway } from './stripe/gateway.js';

type Built = Partial<Record<GatewayId, PaymentGateway>>;

const cache = new WeakMap<Config, Built>();

function build(cfg: Config): Built {
  const built: Built = { bank_transfer: new BankTransferGateway() };
  const { stripe, paypal } = cfg;
  if (stripe.secretKey && stripe.webhookSecret) {
    built.stripe = new StripeGateway({ secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiBase: stripe.apiBase });
  }
  if (paypal.clientId && paypal.clientSecret && paypal.webhookId) {
    built.paypal = new PaypalGateway({
      clientId: paypal.clientId,
      clientSecret: paypal.clientSecret,
      webhookId: paypal.webhookId,
      environment: paypal.environment,
      apiBase: paypal.apiBase,
    });
  }
  return built;
}

function gateways(): Built {
  const cfg = config();
  let built = cache.get(cfg);
  if (!built) {
    built = build(cfg);
    cache.set(cfg, built);
  }
  return built;
}

/** True when `id` names a gateway this deployment has configured. */
export function isGatewayEnabled(id: string): id is GatewayId {
  return Object.prototype.hasOwnProperty.call(gateways(), id);
}

/** The configured gateways, card and PayPal first, bank transfer last. */
export function availableGateways(): GatewayId[] {
  const order: GatewayId[] = ['stripe', 'paypal', 'bank_transfer'];
  return order.filter((id) => isGatewayEnabled(id));
}

/** The gateway `id`; throws GatewayError `gateway_not_configured` when it is switched off. */
export function gatewayFor(id: GatewayId): PaymentGateway {
  const gateway = gateways()[id];
  if (!gateway) throw new GatewayError('gateway_not_configured', `The ${id} gateway is not configured`, { retryable: false });
  return gateway;
}
