import { expect } from 'chai';
import { GatewayError } from '../../../../src/lib/errors.js';
import { PaypalGateway } from '../../../../src/payments/paypal/gateway.js';
import { StripeGateway } from '../../../../src/payments/stripe/gateway.js';
import type { StripeDeps } from '../../../../src/payments/stripe/client.js';
import type { FakePaypal } from '../../../fakes/paypal/server.js';
import type { FakeStripe } from '../../../fakes/stripe/server.js';

/** The production Stripe gateway, pointed at the fake. */
export function stripeGatewayFor(fake: FakeStripe, overrides: Partial<StripeDeps> = {}): StripeGateway {
  return new StripeGateway({ secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiBase: fake.url, ...overrides });
}

/** The production PayPal gateway, pointed at the fake. */
export function paypalGatewayFor(fake: FakePaypal, overrides: { clientSecret?: string; webhookId?: string } = {}): PaypalGateway {
  return new PaypalGateway({
    clientId: fake.clientId, clientSecret: overrides.clientSecret ?? fake.clientSecret,
    webhookId: overrides.webhookId ?? fake.webhookId, environment: 'sandbox', apiBase: fake.url,
  });
}

/** Awaits a promise that must reject with a GatewayError, and returns it. */
export async function gatewayErrorOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(GatewayError);
    return err as GatewayError;
  }
  expect.fail('expected a GatewayError');
}
