import { expect } from 'chai';
import type { Express } from 'express';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { clock } from '../../../src/lib/clock.js';
import { Order, ProvisioningTask, Service, Subscription } from '../../../src/models/index.js';
import { completePaypalReturn } from '../../../src/payments/operations/complete-paypal-return.js';
import { startInvoicePayment } from '../../../src/payments/operations/start-invoice-payment.js';
import { createPlan } from '../../factories/catalog.js';
import { createCustomer } from '../../factories/identity.js';
import { testApp } from '../../support/http.js';
import { customerCtx, deliver, mailsOf, paymentsOf, resetPayments, startRails, type Rails } from '../../integration/payments/operations/support.js';

describe('Scenario: a new customer orders a VPS and pays the order with PayPal', () => {
  let rails: Rails;
  let app: Express;

  before(async () => {
    app = await testApp();
    await resetPayments();
    rails = await startRails();
  });
  after(() => rails.stop());

  it('when the order invoice is paid on PayPal (and PayPal confirms by webhook), then the order completes once, the subscription starts and its server is queued', async () => {
    clock.set('2030-09-01T10:00:00Z');
    const customer = await createCustomer();
    const plan = await createPlan({}, 'vps');
    const ctx = customerCtx(customer);
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, ctx);
    const invoice = placed.invoice!;

    // Pay with PayPal: create the order, approve it on PayPal, come back to the portal.
    const started = await startInvoicePayment(invoice.id, 'paypal', ctx);
    const approval = await fetch(started.redirectUrl, { method: 'POST', redirect: 'manual' });
    const token = new URL(approval.headers.get('location') ?? '').searchParams.get('token') ?? '';
    const back = await completePaypalReturn(token, ctx);
    expect(back.status).to.equal('paid');

    // PayPal's own notices arrive afterwards: approved (captured already) and capture completed.
    const order = rails.paypal.get(token) as unknown as { purchase_units: Array<{ payments: { captures: Array<Record<string, unknown>> } }> };
    const capture = order.purchase_units[0]!.payments.captures[0]!;
    const approved = await deliver(app, 'paypal', rails.paypal.webhook('CHECKOUT.ORDER.APPROVED', { id: token, status: 'APPROVED', purchase_units: [{ custom_id: String(invoice.id) }] }));
    const completed = await deliver(app, 'paypal', rails.paypal.webhook('PAYMENT.CAPTURE.COMPLETED', capture));
    expect([approved.status, completed.status]).to.deep.equal([200, 200]);

    expect(rails.paypal.counts().captures).to.equal(1);
    expect(await paymentsOf(invoice.id)).to.have.length(1);
    expect((await Order.findByPk(placed.order.id, { rejectOnEmpty: true })).status).to.equal('completed');
    const subscription = await Subscription.findByPk(placed.subscriptions[0]!.id, { rejectOnEmpty: true });
    expect(subscription.status).to.equal('active');
    expect(subscription.startedAt?.toISOString()).to.equal('2030-09-01T10:00:00.000Z');
    const services = await Service.findAll({ where: { subscriptionId: subscription.id } });
    expect(services).to.have.length(1);
    expect((await ProvisioningTask.findAll({ where: { serviceId: services[0]!.id } })).map((t) => t.action)).to.deep.equal(['create']);
    expect(await mailsOf(customer)).to.include('payment-received');
  });
});
