import { expect } from 'chai';
import { dunningRunJob } from '../../../../src/jobs/dunning-run.js';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { logger } from '../../../../src/lib/logger.js';
import { type Invoice, MailOutbox, Notification, PaymentAttempt, Subscription } from '../../../../src/models/index.js';
import { runDunning } from '../../../../src/payments/dunning/run-dunning.js';
import { setSetting } from '../../../../src/settings/index.js';
import { createStaff } from '../../../factories/identity.js';
import { customerWithCards, DAY, deliverOutbox, mailsOf, paymentsOf, reload, renewalDue, runAt, staffCtx, startRails, resetPayments, type Rails } from '../operations/support.js';

const DUE = new Date('2030-03-01T00:00:00Z');
const at = (days: number, hours = 1): Date => new Date(DUE.getTime() + days * DAY + hours * 3_600_000);

describe('Payments: dunning:run (renewal charges and the retry ladder)', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    clock.set(new Date(DUE.getTime() - 7 * DAY));
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when a renewal falls due and the card pays, then it is charged once, paid and receipted; the next run charges nothing', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);

    const before = await runAt(dunningRunJob, at(0, -1));
    const run = await runAt(dunningRunJob, at(0));
    const again = await runAt(dunningRunJob, at(0, 2));

    expect(before.processed).to.equal(0);
    expect(run).to.include({ processed: 1, failed: 0 });
    expect(again.processed).to.equal(0);
    expect((await reload(invoice)).status).to.equal('paid');
    expect(await paymentsOf(invoice.id)).to.have.length(1);
    expect(rails.stripe.counts().paymentIntents).to.equal(1);
    expect(await mailsOf(customer)).to.deep.equal(['payment-received']);
  });

  it('when every try is declined, then it is retried on days 1, 3, 5 and 7 with a notice each time, then the final notice and no more charges', async () => {
    await createStaff('finance');
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice, subscription } = await renewalDue(customer, DUE);
    const decline = () => rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });

    const tries: Array<[number, number | null]> = [];
    for (const day of [0, 1, 3, 5, 7, 9, 11]) {
      decline();
      await runAt(dunningRunJob, at(day));
      await runAt(dunningRunJob, at(day, 2));
      const row = await reload(invoice);
      tries.push([row.dunningStep, row.nextRetryAt ? Math.round((row.nextRetryAt.getTime() - DUE.getTime()) / DAY) : null]);
    }

    expect(tries).to.deep.equal([[1, 1], [2, 3], [3, 5], [4, 7], [5, null], [5, null], [5, null]]);
    expect(rails.stripe.counts().failedCharges).to.equal(5);
    expect(await PaymentAttempt.count({ where: { invoiceId: invoice.id } })).to.equal(5);
    expect(await mailsOf(customer)).to.deep.equal(['payment-failed', 'dunning-reminder', 'dunning-reminder', 'dunning-reminder', 'dunning-final-notice']);
    expect((await Subscription.findByPk(subscription.id, { rejectOnEmpty: true })).status).to.equal('past_due');
    expect(await Notification.count({ where: { type: 'payment.failed_final' } })).to.equal(1);
    expect((await reload(invoice)).status).to.equal('open');
  });

  it('when the card is declined at first and pays on the second retry, then dunning stops there', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);

    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
    await runAt(dunningRunJob, at(0));
    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'do_not_honor' });
    await runAt(dunningRunJob, at(1));
    await runAt(dunningRunJob, at(3));
    await runAt(dunningRunJob, at(5));

    expect(await reload(invoice)).to.include({ status: 'paid', nextRetryAt: null, dunningStep: 2 });
    expect(rails.stripe.counts()).to.include({ charges: 1, failedCharges: 2 });
    expect(await mailsOf(customer)).to.deep.equal(['payment-failed', 'dunning-reminder', 'payment-received']);
  });

  it('when the only card is hard-declined, then retries do not touch it again and the reminders ask for a new card', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);
    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'stolen_card' });

    await runAt(dunningRunJob, at(0));
    await runAt(dunningRunJob, at(1));

    expect(rails.stripe.counts().paymentIntents).to.equal(1);
    expect((await reload(invoice)).dunningStep).to.equal(2);
    await deliverOutbox();
    const reminder = await MailOutbox.findOne({ where: { template: 'dunning-reminder' }, rejectOnEmpty: true });
    expect(reminder.text).to.include('There is no saved card on your account');
  });

  it('when staff change the retry days, then the ladder follows the setting', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);
    await setSetting('dunning.retry_days', [2], (await staffCtx()).ctx);

    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
    await runAt(dunningRunJob, at(0));
    expect(Math.round(((await reload(invoice)).nextRetryAt!.getTime() - DUE.getTime()) / DAY)).to.equal(2);
    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
    await runAt(dunningRunJob, at(2));

    expect(await reload(invoice)).to.include({ dunningStep: 2, nextRetryAt: null });
    expect(await mailsOf(customer)).to.deep.equal(['payment-failed', 'dunning-final-notice']);
  });

  it('when the customer is dunning-exempt or the invoice disputed, then only the due-date charge (exempt) or nothing (disputed) happens', async () => {
    const exempt = await customerWithCards(rails.stripe, 1, ['dunningExempt']);
    const disputed = await customerWithCards(rails.stripe, 1);
    const { invoice: exemptInvoice } = await renewalDue(exempt.customer, DUE);
    const { invoice: disputedInvoice } = await renewalDue(disputed.customer, DUE);
    await disputedInvoice.update({ disputed: true });

    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
    await runAt(dunningRunJob, at(0));
    await runAt(dunningRunJob, at(1));
    await runAt(dunningRunJob, at(3));

    expect(await PaymentAttempt.count({ where: { invoiceId: exemptInvoice.id } })).to.equal(1);
    expect(await PaymentAttempt.count({ where: { invoiceId: disputedInvoice.id } })).to.equal(0);
  });

  it('when two runs (two workers, or the job twice) go at once, then each due invoice is charged exactly once', async () => {
    const invoices: Invoice[] = [];
    for (let i = 0; i < 12; i++) {
      const { customer } = await customerWithCards(rails.stripe, 1);
      invoices.push((await renewalDue(customer, DUE)).invoice);
    }
    rails.stripe.latencyMs = 20;
    clock.set(at(0));
    const log = logger();

    const [a, b, viaJob] = await Promise.all([
      runDunning(systemCtx(), log, { batchSize: 5, concurrency: 4 }),
      runDunning(systemCtx(), log, { batchSize: 5, concurrency: 4 }),
      runAt(dunningRunJob),
    ]);

    expect(a.processed + b.processed + viaJob.processed).to.equal(12);
    expect(rails.stripe.counts()).to.include({ paymentIntents: 12, charges: 12 });
    for (const invoice of invoices) expect(await paymentsOf(invoice.id)).to.have.length(1);
  });
});
