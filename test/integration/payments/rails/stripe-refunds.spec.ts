import { expect } from 'chai';
import type { StripeGateway } from '../../../../src/payments/stripe/gateway.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe/server.js';
import { gatewayErrorOf, stripeGatewayFor } from './support.js';

describe('Stripe rail: refunds', () => {
  let fake: FakeStripe;
  let gateway: StripeGateway;
  let paymentRef: string;

  beforeEach(async () => {
    fake = await startFakeStripe();
    gateway = stripeGatewayFor(fake);
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 21, email: 'refund@example.com' });
    const result = await gateway.chargeOffSession({
      invoiceId: 3001, amount: { minor: 5000, currency: 'GBP' }, gatewayCustomerId,
      paymentMethodId: fake.addPaymentMethod(gatewayCustomerId).id, returnUrl: 'https://a.example/i/3001', idempotencyKey: 'renewal:3001:1',
    });
    if (result.status !== 'succeeded') throw new Error('setup charge failed');
    paymentRef = result.paymentRef;
  });
  afterEach(() => fake.close());

  it('when part and then the rest of a payment are refunded, then the two refunds add up to the charge', async () => {
    const partial = await gateway.refund({ paymentRef, amount: { minor: 2000, currency: 'GBP' }, reason: 'downgrade', idempotencyKey: 'refund:3001:1' });
    const rest = await gateway.refund({ paymentRef, idempotencyKey: 'refund:3001:2' });

    expect(partial).to.deep.include({ status: 'succeeded', amount: { minor: 2000, currency: 'GBP' } });
    expect(rest).to.deep.include({ status: 'succeeded', amount: { minor: 3000, currency: 'GBP' } });
    expect(fake.get(partial.refundRef)?.metadata).to.deep.equal({ reason: 'downgrade' });
    const charge = fake.get(String(fake.get(paymentRef)?.latest_charge));
    expect(charge).to.include({ amount_refunded: 5000, refunded: true });
  });

  it('when a fully refunded payment is refunded again, then Stripe refuses with charge_already_refunded', async () => {
    await gateway.refund({ paymentRef, idempotencyKey: 'refund:3001:1' });

    const error = await gatewayErrorOf(gateway.refund({ paymentRef, idempotencyKey: 'refund:3001:2' }));

    expect(error).to.include({ code: 'gateway_invalid_request', vendorCode: 'charge_already_refunded', retryable: false });
    expect(fake.counts().refunds).to.equal(1);
  });

  it('when more than what is left is refunded, then Stripe refuses with amount_too_large', async () => {
    await gateway.refund({ paymentRef, amount: { minor: 4000, currency: 'GBP' }, idempotencyKey: 'refund:3001:1' });

    const error = await gatewayErrorOf(gateway.refund({ paymentRef, amount: { minor: 1001, currency: 'GBP' }, idempotencyKey: 'refund:3001:2' }));

    expect(error.vendorCode).to.equal('amount_too_large');
  });

  it('when the same refund is sent twice with one key, then money goes back once', async () => {
    const input = { paymentRef, amount: { minor: 1000, currency: 'GBP' }, idempotencyKey: 'refund:3001:1' };

    const first = await gateway.refund(input);
    const second = await gateway.refund(input);

    expect(second).to.deep.equal(first);
    expect(fake.counts().refunds).to.equal(1);
  });
});
