import { expect } from 'chai';
import type { HostedPaymentInput } from '../../../../src/payments/gateway.js';
import type { PaypalGateway } from '../../../../src/payments/paypal/gateway.js';
import { startFakePaypal, type FakePaypal } from '../../../fakes/paypal/server.js';
import { gatewayErrorOf, paypalGatewayFor } from './support.js';

describe('PayPal rail: orders, captures and refunds', () => {
  let fake: FakePaypal;
  let gateway: PaypalGateway;
  const order: HostedPaymentInput = {
    invoiceId: 5001, invoiceNumber: 'INV-2030-5001', description: 'Invoice INV-2030-5001', amount: { minor: 1234, currency: 'USD' },
    returnUrl: 'https://account.example/invoices/5001/paypal', cancelUrl: 'https://account.example/invoices/5001', idempotencyKey: 'paypal:5001:1',
  };

  beforeEach(async () => {
    fake = await startFakePaypal();
    gateway = paypalGatewayFor(fake);
  });
  afterEach(() => fake.close());

  it('when a hosted payment starts, then an order for the invoice is created and the buyer is sent to approve it', async () => {
    const redirect = await gateway.startHostedPayment(order);

    expect(redirect.redirectUrl).to.equal(`${fake.url}/checkoutnow?token=${redirect.gatewayRef}`);
    const created = fake.get(redirect.gatewayRef);
    expect(created).to.include({ intent: 'CAPTURE', status: 'PAYER_ACTION_REQUIRED' });
    expect((created?.purchase_units as unknown[])[0]).to.deep.include({
      amount: { currency_code: 'USD', value: '12.34' }, custom_id: '5001', invoice_id: 'INV-2030-5001', reference_id: '5001',
    });
    expect(fake.requests.map((r) => r.path)).to.deep.equal(['/v1/oauth2/token', '/v2/checkout/orders']);
  });

  it('when the order is created twice with one PayPal-Request-Id, then PayPal holds one order', async () => {
    const first = await gateway.startHostedPayment(order);
    const second = await gateway.startHostedPayment(order);

    expect(second).to.deep.equal(first);
    expect(fake.counts()).to.include({ orders: 1, tokens: 1 });
  });

  it('when the buyer approves, then the capture succeeds and a refund of part then the rest returns it all', async () => {
    const { gatewayRef } = await gateway.startHostedPayment(order);
    const approval = await fetch(`${fake.url}/checkoutnow?token=${gatewayRef}`, { method: 'POST', redirect: 'manual' });
    expect(approval.headers.get('location')).to.equal(`${order.returnUrl}?token=${gatewayRef}&PayerID=FAKEPAYER01`);

    const captured = await gateway.capture({ gatewayRef, idempotencyKey: 'paypal:5001:capture' });
    expect(captured).to.deep.include({ status: 'succeeded', gatewayRef, amount: { minor: 1234, currency: 'USD' } });
    if (captured.status !== 'succeeded') return;
    const partial = await gateway.refund({ paymentRef: captured.paymentRef, amount: { minor: 234, currency: 'USD' }, reason: 'goodwill', idempotencyKey: 'refund:5001:1' });
    const rest = await gateway.refund({ paymentRef: captured.paymentRef, idempotencyKey: 'refund:5001:2' });

    expect(partial).to.deep.include({ status: 'succeeded', amount: { minor: 234, currency: 'USD' } });
    expect(rest).to.deep.include({ status: 'succeeded', amount: { minor: 1000, currency: 'USD' } });
    expect(fake.get(captured.paymentRef)).to.include({ status: 'REFUNDED' });
    const again = await gatewayErrorOf(gateway.refund({ paymentRef: captured.paymentRef, idempotencyKey: 'refund:5001:3' }));
    expect(again).to.include({ code: 'gateway_invalid_request', vendorCode: 'CAPTURE_FULLY_REFUNDED' });
  });

  it('when the capture is repeated (same or new key), then the first capture is returned and money moves once', async () => {
    const { gatewayRef } = await gateway.startHostedPayment(order);
    fake.approveOrder(gatewayRef);

    const first = await gateway.capture({ gatewayRef, idempotencyKey: 'paypal:5001:capture' });
    const replayed = await gateway.capture({ gatewayRef, idempotencyKey: 'paypal:5001:capture' });
    const newKey = await gateway.capture({ gatewayRef, idempotencyKey: 'paypal:5001:capture-2' });

    expect(replayed).to.deep.equal(first);
    expect(newKey).to.deep.equal(first);
    expect(fake.counts().captures).to.equal(1);
  });

  it('when capture is attempted before the buyer approved, then it requires action with the approval link', async () => {
    const { gatewayRef, redirectUrl } = await gateway.startHostedPayment(order);

    const result = await gateway.capture({ gatewayRef, idempotencyKey: 'paypal:5001:capture' });

    expect(result).to.deep.equal({ status: 'requires_action', gatewayRef, actionUrl: redirectUrl });
    expect(fake.counts().captures).to.equal(0);
  });

  it('when the buyer\'s funding source is declined, then they are sent back to PayPal to choose another', async () => {
    const { gatewayRef, redirectUrl } = await gateway.startHostedPayment(order);
    fake.approveOrder(gatewayRef);
    fake.nextCapture({ kind: 'error', issue: 'INSTRUMENT_DECLINED', description: 'The instrument presented was either declined by the processor or bank, or it cannot be used for this payment.' });

    expect(await gateway.capture({ gatewayRef, idempotencyKey: 'k1' })).to.deep.equal({ status: 'requires_action', gatewayRef, actionUrl: redirectUrl });
  });

  it('when PayPal refuses the transaction, then the capture failed with a hard decline', async () => {
    const { gatewayRef } = await gateway.startHostedPayment(order);
    fake.approveOrder(gatewayRef);
    fake.nextCapture({ kind: 'error', issue: 'TRANSACTION_REFUSED' });

    expect(await gateway.capture({ gatewayRef, idempotencyKey: 'k1' })).to.deep.include({ status: 'failed', declineCode: 'TRANSACTION_REFUSED', decline: 'hard' });
  });

  it('when the capture is pending review, then the result is pending with the capture to refund later', async () => {
    const { gatewayRef } = await gateway.startHostedPayment(order);
    fake.approveOrder(gatewayRef);
    fake.nextCapture({ kind: 'pending' });

    const result = await gateway.capture({ gatewayRef, idempotencyKey: 'k1' });

    expect(result).to.deep.include({ status: 'pending', amount: { minor: 1234, currency: 'USD' } });
  });

  it('when a JPY invoice is paid, then PayPal gets whole yen and a refund comes back in yen', async () => {
    const { gatewayRef } = await gateway.startHostedPayment({ ...order, amount: { minor: 1500, currency: 'JPY' }, idempotencyKey: 'jpy' });
    expect((fake.get(gatewayRef)?.purchase_units as Array<{ amount: unknown }>)[0].amount).to.deep.equal({ currency_code: 'JPY', value: '1500' });
    fake.approveOrder(gatewayRef);
    const captured = await gateway.capture({ gatewayRef, idempotencyKey: 'jpy:capture' });
    if (captured.status !== 'succeeded') expect.fail('capture failed');

    const refund = await gateway.refund({ paymentRef: captured.paymentRef, amount: { minor: 500, currency: 'JPY' }, idempotencyKey: 'jpy:refund' });

    expect(refund.amount).to.deep.equal({ minor: 500, currency: 'JPY' });
  });

  it('when the client secret is wrong, then a non-retryable auth error is thrown and no order exists', async () => {
    const error = await gatewayErrorOf(paypalGatewayFor(fake, { clientSecret: 'not-the-secret' }).startHostedPayment(order));

    expect(error).to.include({ code: 'gateway_auth_failed', retryable: false });
    expect(error.message).to.not.include('not-the-secret');
    expect(fake.counts().orders).to.equal(0);
  });

  it('when PayPal answers 503, then a retryable error is thrown and the retry with the same PayPal-Request-Id creates one order', async () => {
    await gateway.startHostedPayment({ ...order, idempotencyKey: 'warm-up' });
    fake.failNext(1, 503);

    const error = await gatewayErrorOf(gateway.startHostedPayment(order));
    const retried = await gateway.startHostedPayment(order);
    const replayed = await gateway.startHostedPayment(order);

    expect(error).to.include({ code: 'gateway_unavailable', retryable: true });
    expect(replayed).to.deep.equal(retried);
    expect(fake.requests.filter((r) => r.path === '/v2/checkout/orders').map((r) => r.requestId)).to.deep.equal(['warm-up', 'paypal:5001:1', 'paypal:5001:1', 'paypal:5001:1']);
    expect(fake.counts().orders).to.equal(2);
  });

  it('when the OAuth token request fails once, then the next call fetches a token again and succeeds', async () => {
    fake.failNext(1, 503);

    const error = await gatewayErrorOf(gateway.startHostedPayment(order));
    const redirect = await gateway.startHostedPayment(order);

    expect(error).to.include({ code: 'gateway_unavailable', retryable: true });
    expect(redirect.gatewayRef).to.have.length(17);
    expect(fake.counts()).to.include({ tokens: 1, orders: 1 });
  });

  it('when an approved order\'s capture is declined with a 422, then it is not retried behind our back', async () => {
    const { gatewayRef } = await gateway.startHostedPayment(order);
    fake.approveOrder(gatewayRef);
    fake.nextCapture({ kind: 'error', issue: 'PAYER_CANNOT_PAY' });

    await gateway.capture({ gatewayRef, idempotencyKey: 'k1' });

    expect(fake.requests.filter((r) => r.path.endsWith('/capture'))).to.have.length(1);
    expect(fake.counts().captures).to.equal(0);
  });
});
