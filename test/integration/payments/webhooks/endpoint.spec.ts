import { expect } from 'chai';
import type { Express } from 'express';
import { clock } from '../../../../src/lib/clock.js';
import { GatewayEvent, LedgerEntry } from '../../../../src/models/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { countRows } from '../../../support/db.js';
import { testApp } from '../../../support/http.js';
import { deliver, openInvoice, paymentsOf, reload, startRails, resetPayments, type Rails } from '../operations/support.js';
import { paidOnCheckout } from './support.js';

describe('Payments: webhook endpoints', () => {
  let rails: Rails;
  let app: Express;

  before(async () => {
    app = await testApp();
  });
  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when a signed payment_intent.succeeded arrives, then it is stored once, answered 200 and the invoice is paid', async () => {
    const invoice = await openInvoice(await createCustomer());
    const { intent } = await paidOnCheckout(rails.stripe, invoice);
    const delivery = rails.stripe.webhook('payment_intent.succeeded', intent);

    const res = await deliver(app, 'stripe', delivery);

    expect(res.status).to.equal(200);
    expect(res.body).to.include({ received: true, duplicate: false, outcome: 'processed' });
    expect(await GatewayEvent.findOne({ where: { eventId: delivery.event.id as string } })).to.include({ status: 'processed', type: 'payment_intent.succeeded', objectId: intent.id });
    expect((await reload(invoice)).status).to.equal('paid');
  });

  it('when the same delivery arrives twice, then the second is a 200 no-op', async () => {
    const invoice = await openInvoice(await createCustomer());
    const { intent } = await paidOnCheckout(rails.stripe, invoice);
    const delivery = rails.stripe.webhook('payment_intent.succeeded', intent);

    await deliver(app, 'stripe', delivery);
    const again = await deliver(app, 'stripe', delivery);

    expect(again.status).to.equal(200);
    expect(again.body).to.include({ duplicate: true, outcome: 'duplicate' });
    expect(await countRows('gateway_events')).to.equal(1);
    expect(await paymentsOf(invoice.id)).to.have.length(1);
  });

  it('when ten identical deliveries and the Checkout event of the same payment arrive at once, then one event row each and one payment', async () => {
    const invoice = await openInvoice(await createCustomer());
    const { session, intent } = await paidOnCheckout(rails.stripe, invoice);
    const delivery = rails.stripe.webhook('payment_intent.succeeded', intent);
    const checkout = rails.stripe.webhook('checkout.session.completed', session);

    const answers = await Promise.all([...Array.from({ length: 10 }, () => deliver(app, 'stripe', delivery)), deliver(app, 'stripe', checkout)]);

    expect(answers.map((a) => a.status)).to.deep.equal(Array(11).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).to.have.length(2);
    expect(await countRows('gateway_events')).to.equal(2);
    expect(await LedgerEntry.count({ where: { kind: 'payment' } })).to.equal(1);
    expect((await reload(invoice)).status).to.equal('paid');
  });

  it('when the body is tampered with, the signature is forged, missing or stale, then 400 and nothing is stored or paid', async () => {
    const invoice = await openInvoice(await createCustomer());
    const { intent } = await paidOnCheckout(rails.stripe, invoice);
    const genuine = rails.stripe.webhook('payment_intent.succeeded', intent);
    const tampered = { ...genuine, rawBody: genuine.rawBody.replace('"amount":1000', '"amount":1') };
    const forged = rails.stripe.webhook('payment_intent.succeeded', intent, { secret: 'whsec_attacker' });
    const unsigned = { rawBody: genuine.rawBody, headers: { 'content-type': 'application/json' } };
    const stale = rails.stripe.webhook('payment_intent.succeeded', intent, { timestamp: Math.floor(clock.now().getTime() / 1000) - 600 });

    const answers = await Promise.all([tampered, forged, unsigned, stale].map((d) => deliver(app, 'stripe', d)));

    expect(answers.map((a) => [a.status, a.body.error])).to.deep.equal(Array(4).fill([400, 'webhook_signature_invalid']));
    expect(await countRows('gateway_events')).to.equal(0);
    expect(await countRows('ledger_entries')).to.equal(0);
    expect((await reload(invoice)).status).to.equal('open');
  });

  it('when PayPal cannot confirm a delivery, then 400 and nothing is stored; a genuine one is stored', async () => {
    const resource = { id: 'CAPTURE1', status: 'COMPLETED', amount: { currency_code: 'USD', value: '10.00' } };
    const genuine = rails.paypal.webhook('PAYMENT.CAPTURE.COMPLETED', resource);
    const forged = { ...genuine, rawBody: genuine.rawBody.replace('10.00', '99.00') };
    const otherHook = rails.paypal.webhook('PAYMENT.CAPTURE.COMPLETED', resource, { webhookId: 'SOMEONE-ELSES' });

    const rejected = await Promise.all([forged, otherHook].map((d) => deliver(app, 'paypal', d)));
    expect(rejected.map((r) => r.status)).to.deep.equal([400, 400]);
    expect(await countRows('gateway_events')).to.equal(0);

    const accepted = await deliver(app, 'paypal', genuine);
    expect(accepted.status).to.equal(200);
    expect(accepted.body.outcome).to.equal('ignored');
    expect(await GatewayEvent.count({ where: { gateway: 'paypal', status: 'ignored' } })).to.equal(1);
  });

  it('when an event type we do not act on arrives, then it is kept as ignored', async () => {
    const res = await deliver(app, 'stripe', rails.stripe.webhook('customer.updated', { id: 'cus_x', object: 'customer' }));

    expect(res.status).to.equal(200);
    expect(await GatewayEvent.findOne({ where: { type: 'customer.updated' } })).to.include({ status: 'ignored' });
  });
});
