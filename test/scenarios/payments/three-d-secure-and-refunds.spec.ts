import { expect } from 'chai';
import type { Express } from 'express';
import { dunningRunJob } from '../../../src/jobs/dunning-run.js';
import { clock } from '../../../src/lib/clock.js';
import { CreditNote, LedgerEntry, MailOutbox, PaymentAttempt } from '../../../src/models/index.js';
import { refundPayment } from '../../../src/payments/operations/refund-payment.js';
import { testApp } from '../../support/http.js';
import { customerWithCards, deliver, deliverOutbox, mailsOf, reload, renewalDue, resetPayments, runAt, staffCtx, startRails, type Rails } from '../../integration/payments/operations/support.js';

describe('Scenario: a renewal that needs 3-D Secure, paid by the customer, then refunded in two parts', () => {
  let rails: Rails;
  let app: Express;

  before(async () => {
    app = await testApp();
    await resetPayments();
    rails = await startRails();
  });
  after(() => rails.stop());

  it('when the bank asks for authentication, the customer follows the mailed link, and staff refund part then the rest, then the ledger tells the whole story', async () => {
    clock.set('2030-07-01T09:00:00Z');
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, new Date('2030-07-08T00:00:00Z'));
    rails.stripe.nextCharge({ kind: 'requires_action' });

    // The due-date charge needs 3-D Secure: the invoice stays open and the customer gets the link.
    await runAt(dunningRunJob, '2030-07-08T01:00:00Z');
    expect((await reload(invoice)).status).to.equal('open');
    const attempt = await PaymentAttempt.findOne({ where: { invoiceId: invoice.id }, rejectOnEmpty: true });
    expect(attempt.status).to.equal('requires_action');
    const mail = await MailOutbox.findOne({ where: { template: 'payment-action-required' }, rejectOnEmpty: true });
    expect(mail.text).to.include(attempt.actionUrl ?? '-');

    // The customer authenticates on the bank's page; Stripe tells us by webhook.
    clock.set('2030-07-08T08:30:00Z');
    const page = await fetch(attempt.actionUrl ?? '', { method: 'POST', redirect: 'manual' });
    expect(page.headers.get('location')).to.include(`/account/billing/invoices/${invoice.id}`);
    const intent = rails.stripe.get(attempt.gatewayReference ?? '') ?? {};
    const hook = await deliver(app, 'stripe', rails.stripe.webhook('payment_intent.succeeded', intent));
    expect(hook.body.outcome).to.equal('processed');
    expect(await reload(invoice)).to.include({ status: 'paid' });
    expect((await PaymentAttempt.findByPk(attempt.id, { rejectOnEmpty: true })).status).to.equal('succeeded');
    await deliverOutbox();

    // A retry of the job later that day charges nothing more.
    await runAt(dunningRunJob, '2030-07-09T01:00:00Z');
    expect(rails.stripe.counts().charges).to.equal(1);

    // Staff refund 3.00 for an outage, then the rest when the customer leaves.
    const { ctx } = await staffCtx('finance');
    clock.set('2030-07-10T12:00:00Z');
    await refundPayment({ invoiceId: invoice.id, amountMinor: 300, to: 'gateway', reason: 'Outage on July 9' }, ctx);
    await refundPayment({ invoiceId: invoice.id, to: 'gateway', reason: 'Customer left' }, ctx);

    const rows = await LedgerEntry.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.kind, Number(r.amountMinor)])).to.deep.equal([['payment', 1000], ['refund', 300], ['refund', 700]]);
    expect(await CreditNote.count({ where: { invoiceId: invoice.id } })).to.equal(2);
    expect(rails.stripe.counts().refunds).to.equal(2);
    expect(await mailsOf(customer)).to.deep.equal(['payment-action-required', 'payment-received', 'payment-refunded', 'payment-refunded']);
  });
});
