import { expect } from 'chai';
import type { OffSessionChargeInput } from '../../../../src/payments/gateway.js';
import type { StripeGateway } from '../../../../src/payments/stripe/gateway.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe/server.js';
import { gatewayErrorOf, stripeGatewayFor } from './support.js';

describe('Stripe rail: off-session charges', () => {
  let fake: FakeStripe;
  let gateway: StripeGateway;
  let charge: OffSessionChargeInput;

  beforeEach(async () => {
    fake = await startFakeStripe();
    gateway = stripeGatewayFor(fake);
    const { gatewayCustomerId } = await gateway.ensureCustomer({ customerId: 11, email: 'renew@example.com' });
    const card = fake.addPaymentMethod(gatewayCustomerId);
    charge = {
      invoiceId: 2001, description: 'Invoice INV-2001', amount: { minor: 1999, currency: 'USD' }, gatewayCustomerId,
      paymentMethodId: card.id, returnUrl: 'https://account.example/invoices/2001', idempotencyKey: 'renewal:2001:1',
    };
  });
  afterEach(() => fake.close());

  it('when the saved card is charged and the bank approves, then the charge succeeded for the invoice amount', async () => {
    const result = await gateway.chargeOffSession(charge);

    expect(result).to.deep.include({ status: 'succeeded', amount: { minor: 1999, currency: 'USD' } });
    if (result.status !== 'succeeded') return;
    expect(result.paymentRef).to.equal(result.gatewayRef).and.match(/^pi_/);
    expect(fake.get(result.paymentRef)).to.include({ status: 'succeeded', amount_received: 1999, currency: 'usd' });
    expect(fake.get(result.paymentRef)?.metadata).to.deep.equal({ invoice_id: '2001' });
    expect(fake.counts().charges).to.equal(1);
  });

  it('when the card is reported stolen, then the charge failed with a hard decline', async () => {
    fake.nextCharge({ kind: 'decline', declineCode: 'stolen_card' });

    const result = await gateway.chargeOffSession(charge);

    expect(result).to.deep.include({ status: 'failed', declineCode: 'stolen_card', decline: 'hard' });
    expect(fake.counts()).to.include({ charges: 0, failedCharges: 1 });
  });

  it('when the card has insufficient funds, then the charge failed with a soft decline', async () => {
    fake.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });

    const result = await gateway.chargeOffSession(charge);

    expect(result).to.deep.include({ status: 'failed', declineCode: 'insufficient_funds', decline: 'soft', message: 'Your card has insufficient funds.' });
    if (result.status === 'failed') expect(result.gatewayRef).to.match(/^pi_/);
  });

  it('when the card has expired (its own error code, no decline code), then the decline is hard', async () => {
    fake.nextCharge({ kind: 'decline', declineCode: 'expired_card' });

    expect(await gateway.chargeOffSession(charge)).to.deep.include({ status: 'failed', declineCode: 'expired_card', decline: 'hard' });
  });

  it('when the issuer advises not to try again on a generic decline, then the advice makes it hard', async () => {
    fake.nextCharge({ kind: 'decline', declineCode: 'do_not_honor', adviceCode: 'do_not_try_again' });
    const advised = await gateway.chargeOffSession(charge);
    fake.nextCharge({ kind: 'decline', declineCode: 'do_not_honor' });
    const plain = await gateway.chargeOffSession({ ...charge, idempotencyKey: 'renewal:2001:2' });

    expect(advised).to.deep.include({ status: 'failed', declineCode: 'do_not_honor', decline: 'hard' });
    expect(plain).to.deep.include({ status: 'failed', declineCode: 'do_not_honor', decline: 'soft' });
  });

  it('when the bank asks for 3-D Secure, then the result requires action with Stripe\'s hosted authentication URL', async () => {
    fake.nextCharge({ kind: 'requires_action' });

    const result = await gateway.chargeOffSession(charge);

    expect(result.status).to.equal('requires_action');
    if (result.status !== 'requires_action') return;
    expect(result.actionUrl).to.equal(`${fake.url}/3ds/${result.gatewayRef}`);
    expect(fake.counts().charges).to.equal(0);
    const page = await fetch(result.actionUrl, { method: 'POST', redirect: 'manual' });
    expect(page.headers.get('location')).to.equal(charge.returnUrl);
    expect(fake.get(result.gatewayRef)).to.include({ status: 'succeeded', amount_received: 1999 });
    expect(fake.counts().charges).to.equal(1);
  });

  it('when the same charge is sent twice with one idempotency key, then the card is charged once', async () => {
    const first = await gateway.chargeOffSession(charge);
    const second = await gateway.chargeOffSession(charge);

    expect(second).to.deep.equal(first);
    expect(fake.counts()).to.include({ paymentIntents: 1, charges: 1 });
  });

  it('when two workers send the same charge at once, then Stripe answers one with 409 and the retry gets the same charge', async () => {
    fake.latencyMs = 150;

    const [a, b] = await Promise.all([gateway.chargeOffSession(charge), stripeGatewayFor(fake).chargeOffSession(charge)]);

    expect(a.status).to.equal('succeeded');
    expect(b).to.deep.equal(a);
    expect(fake.counts()).to.include({ paymentIntents: 1, charges: 1 });
  });

  it('when a decline is retried with the same key, then Stripe replays the decline instead of charging again', async () => {
    fake.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
    await gateway.chargeOffSession(charge);

    const retried = await gateway.chargeOffSession(charge);

    expect(retried).to.deep.include({ status: 'failed', declineCode: 'insufficient_funds' });
    expect(fake.counts()).to.include({ paymentIntents: 1, charges: 0, failedCharges: 1 });
  });

  it('when Stripe has a passing 500, then stripe-node retries with the same key and charges once', async () => {
    fake.failNext(1, 500);

    const result = await gateway.chargeOffSession(charge);

    expect(result.status).to.equal('succeeded');
    const keys = fake.requests.filter((r) => r.path === '/v1/payment_intents').map((r) => r.idempotencyKey);
    expect(keys).to.deep.equal(['renewal:2001:1', 'renewal:2001:1']);
    expect(fake.counts().charges).to.equal(1);
  });

  it('when Stripe stays down, then a retryable GatewayError is thrown and nothing is charged', async () => {
    fake.failNext(10, 503);

    const error = await gatewayErrorOf(stripeGatewayFor(fake, { maxNetworkRetries: 1 }).chargeOffSession(charge));

    expect(error).to.include({ code: 'gateway_unavailable', retryable: true });
    expect(fake.counts().charges).to.equal(0);
  });

  it('when the API key is wrong, then a non-retryable auth error is thrown without the key in its message', async () => {
    const error = await gatewayErrorOf(stripeGatewayFor(fake, { secretKey: 'sk_test_wrong_secret_value' }).chargeOffSession(charge));

    expect(error).to.include({ code: 'gateway_auth_failed', retryable: false });
    expect(error.message).to.not.include('sk_test_wrong_secret_value');
  });

  it('when the saved card was removed from the customer, then the charge is refused as an invalid request', async () => {
    await gateway.removeSavedMethod(charge.paymentMethodId);

    const error = await gatewayErrorOf(gateway.chargeOffSession(charge));

    expect(error).to.include({ code: 'gateway_invalid_request', vendorCode: 'payment_method_invalid_parameter', retryable: false });
  });
});
