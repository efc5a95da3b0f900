import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { WebhookSignatureError, type WebhookDelivery } from '../../../../src/payments/gateway.js';
import type { StripeGateway } from '../../../../src/payments/stripe/gateway.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe/server.js';
import { stripeGatewayFor } from './support.js';

async function rejectionOf(promise: Promise<unknown>): Promise<WebhookSignatureError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(WebhookSignatureError);
    return err as WebhookSignatureError;
  }
  expect.fail('expected the delivery to be rejected');
}

describe('Stripe rail: webhooks', () => {
  let fake: FakeStripe;
  let gateway: StripeGateway;
  let paid: Record<string, unknown>;

  beforeEach(async () => {
    fake = await startFakeStripe();
    gateway = stripeGatewayFor(fake);
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 31, email: 'hook@example.com' });
    const result = await gateway.chargeOffSession({
      invoiceId: 4001, amount: { minor: 2500, currency: 'USD' }, gatewayCustomerId,
      paymentMethodId: fake.addPaymentMethod(gatewayCustomerId).id, returnUrl: 'https://a.example/i/4001', idempotencyKey: 'renewal:4001:1',
    });
    paid = fake.get(result.gatewayRef ?? '') ?? {};
  });
  afterEach(() => fake.close());

  it('when a correctly signed payment_intent.succeeded arrives, then it is parsed into our payment.succeeded', async () => {
    const delivery = fake.webhook('payment_intent.succeeded', paid);

    const event = await gateway.parseWebhook({ rawBody: Buffer.from(delivery.rawBody), headers: delivery.headers });

    expect(event).to.include({ gateway: 'stripe', id: delivery.event.id, type: 'payment.succeeded', vendorType: 'payment_intent.succeeded' });
    expect(event.occurredAt.getTime()).to.equal(Number(delivery.event.created) * 1000);
    expect(event.object).to.deep.include({ kind: 'payment', id: paid.id, invoiceId: '4001', paymentRef: paid.id, amount: { minor: 2500, currency: 'USD' } });
  });

  it('when a completed Checkout session arrives, then it names the invoice and the PaymentIntent to refund', async () => {
    const redirect = await gateway.startHostedPayment({
      invoiceId: 4002, description: 'Invoice INV-4002', amount: { minor: 1200, currency: 'EUR' },
      returnUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no', idempotencyKey: 'pay:4002:1',
    });
    const session = fake.completeCheckout(redirect.gatewayRef);
    const delivery = fake.webhook('checkout.session.completed', session);

    const event = await gateway.parseWebhook(delivery);

    expect(event.type).to.equal('checkout.completed');
    expect(event.object).to.deep.include({ kind: 'checkout', invoiceId: '4002', paymentRef: session.payment_intent, amount: { minor: 1200, currency: 'EUR' } });
  });

  it('when a failed payment arrives, then its decline code comes along', async () => {
    const failed = { ...paid, status: 'requires_payment_method', last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' } };

    const event = await gateway.parseWebhook(fake.webhook('payment_intent.payment_failed', failed));

    expect(event.type).to.equal('payment.failed');
    expect(event.object.declineCode).to.equal('insufficient_funds');
  });

  it('when an event type we do not handle arrives, then it is verified and typed other', async () => {
    const event = await gateway.parseWebhook(fake.webhook('customer.updated', { id: 'cus_1', object: 'customer' }));

    expect(event).to.include({ type: 'other', vendorType: 'customer.updated' });
  });

  it('when the body was changed after signing, then the delivery is rejected with a 400 signature error', async () => {
    const delivery = fake.webhook('payment_intent.succeeded', paid);
    const tampered: WebhookDelivery = { rawBody: delivery.rawBody.replace('"amount":2500', '"amount":25'), headers: delivery.headers };

    const error = await rejectionOf(gateway.parseWebhook(tampered));

    expect(error).to.include({ code: 'webhook_signature_invalid', status: 400, retryable: false });
  });

  it('when the delivery was signed more than 5 minutes ago, then it is rejected as stale', async () => {
    const signedAt = new Date('2030-01-01T12:00:00Z');
    clock.set(signedAt);
    const delivery = fake.webhook('payment_intent.succeeded', paid);

    clock.set(new Date(signedAt.getTime() + 299_000));
    await gateway.parseWebhook(delivery);
    clock.set(new Date(signedAt.getTime() + 301_000));
    const error = await rejectionOf(gateway.parseWebhook(delivery));

    expect(error.message).to.match(/tolerance/i);
  });

  it('when the Stripe-Signature header is missing, then the delivery is rejected', async () => {
    const delivery = fake.webhook('payment_intent.succeeded', paid);

    const error = await rejectionOf(gateway.parseWebhook({ rawBody: delivery.rawBody, headers: { 'content-type': 'application/json' } }));

    expect(error.message).to.match(/missing Stripe-Signature/);
  });

  it('when the delivery was signed with another secret, then it is rejected', async () => {
    const delivery = fake.webhook('payment_intent.succeeded', paid, { secret: 'whsec_someone_else' });

    await rejectionOf(gateway.parseWebhook(delivery));
  });
});
