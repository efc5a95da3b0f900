import { expect } from 'chai';
import type { Express } from 'express';
import { clock } from '../../../src/lib/clock.js';
import { LedgerEntry, ProvisioningTask, Service } from '../../../src/models/index.js';
import { startInvoicePayment } from '../../../src/payments/operations/start-invoice-payment.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { testApp } from '../../support/http.js';
import { customerCtx, customerWithCards, deliver, mailsOf, resetPayments, startRails, type Rails } from '../../integration/payments/operations/support.js';
import { liveThrough, renewalFor, statusOf } from './support.js';

describe('Scenario: a VPS renews by card for four months: paid, paid on retry 2, suspended then paid, terminated', () => {
  let rails: Rails;
  let app: Express;

  before(async () => {
    app = await testApp();
    await resetPayments();
    rails = await startRails();
  });
  after(() => rails.stop());

  it('when the renewals go paid, late, unpaid-then-paid and unpaid, then card charges, ladder, suspension, unsuspension and termination follow the settings', async () => {
    clock.set('2030-01-15T10:00:00Z');
    const { customer } = await customerWithCards(rails.stripe, 1);
    const subscription = await createSubscription({ customer });
    const service = await createService({ subscription });
    const decline = () => rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });

    // February: issued a week ahead, charged on the due date.
    await liveThrough('2030-02-07', '2030-02-16');
    const february = await renewalFor(subscription, '2030-02-15');
    expect(february.status).to.equal('paid');
    expect(february.paidAt?.toISOString().slice(0, 10)).to.equal('2030-02-15');

    // March: declined on the due date and on day 1, paid by the retry of day 3.
    await liveThrough('2030-03-08', '2030-03-20', (day) => {
      if (day === '2030-03-15' || day === '2030-03-16') decline();
    });
    const march = await renewalFor(subscription, '2030-03-15');
    expect(march.paidAt?.toISOString().slice(0, 10)).to.equal('2030-03-18');
    expect(await statusOf(subscription)).to.equal('active');

    // April: declined every time (days 0, 1, 3, 5, 7); suspended on day 5; the customer pays on Checkout on day 8 and the webhook lifts it.
    await liveThrough('2030-04-08', '2030-04-22', () => decline());
    expect(await statusOf(subscription)).to.equal('suspended');
    clock.set('2030-04-23T09:00:00Z');
    const april = await renewalFor(subscription, '2030-04-15');
    const started = await startInvoicePayment(april.id, 'stripe', customerCtx(customer));
    const res = await deliver(app, 'stripe', rails.stripe.webhook('checkout.session.completed', rails.stripe.completeCheckout(started.gatewayRef)));
    expect(res.status).to.equal(200);
    expect(await statusOf(subscription)).to.equal('active');

    // May: unpaid for 30 days: suspended on May 20, terminated on June 14.
    await liveThrough('2030-04-23', '2030-06-15', () => decline());
    expect(await statusOf(subscription)).to.equal('terminated');

    const tasks = await ProvisioningTask.findAll({ where: { serviceId: service.id }, order: [['id', 'ASC']] });
    expect(tasks.map((t) => t.action)).to.deep.equal(['suspend', 'unsuspend', 'suspend', 'terminate']);
    const mails = await mailsOf(customer);
    expect(mails.filter((m) => m.startsWith('payment') || m.startsWith('dunning'))).to.deep.equal([
      'payment-received', // Feb
      'payment-failed', 'dunning-reminder', 'payment-received', // Mar
      'payment-failed', 'dunning-reminder', 'dunning-reminder', 'dunning-reminder', 'dunning-suspended', 'dunning-final-notice', 'payment-received', // Apr
      'payment-failed', 'dunning-reminder', 'dunning-reminder', 'dunning-reminder', 'dunning-suspended', 'dunning-final-notice', 'dunning-terminated', // May
    ]);
    expect(await LedgerEntry.count({ where: { kind: 'payment' } })).to.equal(3);
    expect(await Service.count({ where: { id: service.id } })).to.equal(1);
  });
});
