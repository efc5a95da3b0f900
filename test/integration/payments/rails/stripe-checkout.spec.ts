import { expect } from 'chai';
import type { StripeGateway } from '../../../../src/payments/stripe/gateway.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe/server.js';
import { gatewayErrorOf, stripeGatewayFor } from './support.js';

describe('Stripe rail: customers, Checkout and saved cards', () => {
  let fake: FakeStripe;
  let gateway: StripeGateway;

  beforeEach(async () => {
    fake = await startFakeStripe();
    gateway = stripeGatewayFor(fake);
  });
  afterEach(() => fake.close());

  it('when the same customer is ensured twice, then Stripe holds one customer tagged with our id', async () => {
    const first = await gateway.ensureCustomer({ customerId: 42, email: 'ana@example.com', name: 'Ana' });
    const second = await gateway.ensureCustomer({ customerId: 42, email: 'ana@example.com', name: 'Ana' });

    expect(second.gatewayCustomerId).to.equal(first.gatewayCustomerId);
    expect(fake.counts().customers).to.equal(1);
    expect(fake.get(first.gatewayCustomerId)).to.include({ email: 'ana@example.com', name: 'Ana' });
    expect(fake.get(first.gatewayCustomerId)?.metadata).to.deep.equal({ customer_id: '42' });
  });

  it('when the stored Stripe customer still exists, then it is reused without creating another', async () => {
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 7, email: 'bo@example.com' });

    const again = await gateway.ensureCustomer({ customerId: 7, email: 'bo@example.com', existingRef: gatewayCustomerId });

    expect(again.gatewayCustomerId).to.equal(gatewayCustomerId);
    expect(fake.counts().customers).to.equal(1);
  });

  it('when the stored Stripe customer was deleted or never existed, then a new one replaces it', async () => {
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 8, email: 'cy@example.com' });
    fake.deleteCustomer(gatewayCustomerId);

    const replaced = await gateway.ensureCustomer({ customerId: 8, email: 'cy@example.com', existingRef: gatewayCustomerId });
    const fromNowhere = await gateway.ensureCustomer({ customerId: 9, email: 'di@example.com', existingRef: 'cus_doesnotexist' });

    expect(replaced.gatewayCustomerId).to.not.equal(gatewayCustomerId);
    expect(fromNowhere.gatewayCustomerId).to.match(/^cus_/);
    expect(fake.counts().customers).to.equal(3);
  });

  it('when a hosted payment starts for an invoice, then a payment-mode Checkout session for its amount is created', async () => {
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 1, email: 'ana@example.com' });

    const redirect = await gateway.startHostedPayment({
      invoiceId: 1001, description: 'Invoice INV-1001', amount: { minor: 1234, currency: 'USD' }, gatewayCustomerId,
      returnUrl: 'https://account.example/invoices/1001?paid=1', cancelUrl: 'https://account.example/invoices/1001', idempotencyKey: 'pay:1001:1',
    });

    const session = fake.get(redirect.gatewayRef);
    expect(session).to.include({ object: 'checkout.session', mode: 'payment', amount_total: 1234, currency: 'usd', client_reference_id: '1001', customer: gatewayCustomerId, status: 'open' });
    expect(session?.metadata).to.deep.equal({ invoice_id: '1001' });
    expect(redirect.redirectUrl).to.equal(session?.url).and.to.match(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/cs_test_/);
  });

  it('when the same hosted payment is started twice with one key, then one session is created', async () => {
    const input = {
      invoiceId: 5, description: 'Invoice INV-5', amount: { minor: 500, currency: 'EUR' },
      returnUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no', idempotencyKey: 'pay:5:1',
    };
    const first = await gateway.startHostedPayment(input);
    const second = await gateway.startHostedPayment(input);

    expect(second.gatewayRef).to.equal(first.gatewayRef);
    expect(fake.counts().checkoutSessions).to.equal(1);
  });

  it('when the amount is not a positive integer of minor units, then no session is created', async () => {
    const input = { invoiceId: 6, description: 'x', returnUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no', idempotencyKey: 'k' };

    const error = await gatewayErrorOf(gateway.startHostedPayment({ ...input, amount: { minor: 12.5, currency: 'USD' } }));

    expect(error.code).to.equal('gateway_invalid_amount');
    expect(fake.counts().checkoutSessions).to.equal(0);
  });

  it('when the customer saves a card through Checkout in setup mode, then it is listed and can be removed', async () => {
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 3, email: 'eve@example.com' });

    const redirect = await gateway.startSaveMethod({
      gatewayCustomerId, currency: 'USD', returnUrl: 'https://a.example/cards?saved=1', cancelUrl: 'https://a.example/cards', idempotencyKey: 'save:3:1',
    });
    expect(fake.get(redirect.gatewayRef)).to.include({ mode: 'setup', currency: 'usd', customer: gatewayCustomerId });
    fake.completeCheckout(redirect.gatewayRef);
    const saved = await gateway.listSavedMethods(gatewayCustomerId);

    expect(saved).to.have.length(1);
    expect(saved[0]).to.include({ type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 });
    await gateway.removeSavedMethod(saved[0].id);
    expect(await gateway.listSavedMethods(gatewayCustomerId)).to.deep.equal([]);
  });

  it('when the hosted Checkout page is paid in a browser, then the customer lands on the success URL', async () => {
    const redirect = await gateway.startHostedPayment({
      invoiceId: 77, description: 'Invoice INV-77', amount: { minor: 999, currency: 'USD' },
      returnUrl: 'https://a.example/paid?session={CHECKOUT_SESSION_ID}', cancelUrl: 'https://a.example/no', idempotencyKey: 'pay:77:1',
    });

    const page = await fetch(redirect.redirectUrl, { method: 'POST', redirect: 'manual' });

    expect(page.status).to.equal(303);
    expect(page.headers.get('location')).to.equal(`https://a.example/paid?session=${redirect.gatewayRef}`);
    const intent = fake.get(String(fake.get(redirect.gatewayRef)?.payment_intent));
    expect(intent).to.include({ status: 'succeeded', amount: 999 });
    expect(intent?.metadata).to.deep.equal({ invoice_id: '77' });
  });
});
