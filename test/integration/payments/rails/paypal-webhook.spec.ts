import { expect } from 'chai';
import { GatewayError } from '../../../../src/lib/errors.js';
import { WebhookSignatureError } from '../../../../src/payments/gateway.js';
import type { PaypalGateway } from '../../../../src/payments/paypal/gateway.js';
import { startFakePaypal, type FakePaypal } from '../../../fakes/paypal/server.js';
import { paypalGatewayFor } from './support.js';

async function rejectionOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(GatewayError);
    return err as GatewayError;
  }
  expect.fail('expected the delivery to be rejected');
}

describe('PayPal rail: webhooks', () => {
  let fake: FakePaypal;
  let gateway: PaypalGateway;
  let capture: Record<string, unknown>;

  beforeEach(async () => {
    fake = await startFakePaypal();
    gateway = paypalGatewayFor(fake);
    const { gatewayRef } = await gateway.startHostedPayment({
      invoiceId: 6001, description: 'Invoice INV-6001', amount: { minor: 4999, currency: 'EUR' },
      returnUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no', idempotencyKey: 'paypal:6001:1',
    });
    fake.approveOrder(gatewayRef);
    const result = await gateway.capture({ gatewayRef, idempotencyKey: 'paypal:6001:capture' });
    capture = fake.get(result.status === 'succeeded' ? result.paymentRef : '') ?? {};
  });
  afterEach(() => fake.close());

  it('when PayPal confirms the signature of a capture event, then it is parsed into our payment.succeeded', async () => {
    const delivery = fake.webhook('PAYMENT.CAPTURE.COMPLETED', capture);

    const event = await gateway.parseWebhook({ rawBody: Buffer.from(delivery.rawBody), headers: delivery.headers });

    expect(event).to.include({ gateway: 'paypal', id: delivery.event.id, type: 'payment.succeeded', vendorType: 'PAYMENT.CAPTURE.COMPLETED' });
    expect(event.object).to.deep.include({ kind: 'payment', id: capture.id, invoiceId: '6001', paymentRef: capture.id, amount: { minor: 4999, currency: 'EUR' } });
    expect(event.occurredAt.toISOString()).to.equal(delivery.event.create_time);
    expect(fake.counts().verifications).to.equal(1);
  });

  it('when a refund event arrives, then it names the capture it refunds', async () => {
    const refund = await gateway.refund({ paymentRef: String(capture.id), amount: { minor: 999, currency: 'EUR' }, idempotencyKey: 'refund:6001:1' });

    const event = await gateway.parseWebhook(fake.webhook('PAYMENT.CAPTURE.REFUNDED', fake.get(refund.refundRef) ?? {}));

    expect(event.type).to.equal('refund.succeeded');
    expect(event.object).to.deep.include({ kind: 'refund', id: refund.refundRef, paymentRef: capture.id, amount: { minor: 999, currency: 'EUR' } });
  });

  it('when headers are forged for a body PayPal never sent, then PayPal answers FAILURE and the delivery is rejected', async () => {
    const genuine = fake.webhook('PAYMENT.CAPTURE.COMPLETED', capture);
    const forgedHeaders = { ...genuine.headers, 'paypal-transmission-id': '6f1a2b3c-0000-4000-8000-forgedforged', 'paypal-transmission-sig': 'Zm9yZ2Vk' };

    const error = await rejectionOf(gateway.parseWebhook({ rawBody: genuine.rawBody, headers: forgedHeaders }));

    expect(error).to.be.instanceOf(WebhookSignatureError);
    expect(error).to.include({ code: 'webhook_signature_invalid', status: 400 });
    expect(error.message).to.match(/FAILURE/);
  });

  it('when a genuine delivery\'s body was changed, then verification fails', async () => {
    const genuine = fake.webhook('PAYMENT.CAPTURE.COMPLETED', capture);

    const error = await rejectionOf(gateway.parseWebhook({ rawBody: genuine.rawBody.replace('"49.99"', '"0.01"'), headers: genuine.headers }));

    expect(error).to.be.instanceOf(WebhookSignatureError);
  });

  it('when the delivery was meant for another webhook subscription, then verification fails', async () => {
    const elsewhere = fake.webhook('PAYMENT.CAPTURE.COMPLETED', capture, { webhookId: '9ZZ99999ZZ999999Z' });

    expect(await rejectionOf(gateway.parseWebhook(elsewhere))).to.be.instanceOf(WebhookSignatureError);
  });

  it('when a PayPal signature header is missing, then the delivery is rejected without asking PayPal', async () => {
    const genuine = fake.webhook('PAYMENT.CAPTURE.COMPLETED', capture);
    const headers: Record<string, string> = { ...genuine.headers };
    delete headers['paypal-transmission-sig'];

    const error = await rejectionOf(gateway.parseWebhook({ rawBody: genuine.rawBody, headers }));

    expect(error.message).to.match(/missing paypal-transmission-sig/);
    expect(fake.counts().verifications).to.equal(0);
  });

  it('when PayPal cannot be reached to verify, then a retryable error asks the sender to retry later', async () => {
    const genuine = fake.webhook('PAYMENT.CAPTURE.COMPLETED', capture);
    fake.failNext(1, 503);

    const error = await rejectionOf(gateway.parseWebhook(genuine));

    expect(error).to.not.be.instanceOf(WebhookSignatureError);
    expect(error).to.include({ code: 'gateway_unavailable', retryable: true });
  });
});
