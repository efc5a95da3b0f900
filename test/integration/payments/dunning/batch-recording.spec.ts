import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { logger } from '../../../../src/lib/logger.js';
import { Customer, type Invoice, LedgerEntry, OutboxMessage, PaymentAttempt, Subscription } from '../../../../src/models/index.js';
import { createDbLane } from '../../../../src/payments/operations/db-lane.js';
import { createPaymentRecorder, type PaymentRecorder } from '../../../../src/payments/operations/payment-recorder.js';
import { paymentLedgerKey, receivePayment } from '../../../../src/payments/operations/receive-payment.js';
import type { SucceededCharge } from '../../../../src/payments/operations/receive-payments.js';
import { createInvoice, createPaymentAttempt } from '../../../factories/billing.js';
import { createSubscription } from '../../../factories/commerce.js';
import { paymentsOf, reload, resetPayments } from '../operations/support.js';

const NOW = new Date('2030-03-01T01:00:00Z');

/** A pending off-session attempt on `invoice` that Stripe answered with a succeeded PaymentIntent of `amountMinor`. */
async function succeededCharge(invoice: Invoice, amountMinor = 1000): Promise<SucceededCharge> {
  const attempt = await createPaymentAttempt({ invoice, amountMinor }, 'offSession');
  const pi = `pi_batch_${invoice.id}`;
  return {
    input: {
      invoiceId: invoice.id, amountMinor, currency: invoice.currency, gateway: 'stripe', gatewayReference: pi,
      idempotencyKey: paymentLedgerKey('stripe', pi), paymentAttemptId: attempt.id, occurredAt: NOW,
    },
    attemptId: attempt.id,
    gatewayReference: pi,
  };
}

const recorder = (): PaymentRecorder => createPaymentRecorder(systemCtx(), createDbLane(), logger());

/** Receipts (payment.received events) queued for an invoice. */
async function receiptsOf(invoice: Invoice): Promise<number> {
  const events = await OutboxMessage.findAll({ where: { channel: 'event', topic: 'payment.received' } });
  return events.filter((e) => Number(e.payload.invoiceId) === invoice.id).length;
}

describe('Payments: succeeded charges recorded in batches', () => {
  beforeEach(async () => {
    await resetPayments();
    clock.set(NOW);
  });

  it('when a batch of charges is recorded twice, then by two recorders at once, then each invoice has one payment, one receipt, the right balance and credit, and its subscription back', async () => {
    const plain = [await createInvoice(), await createInvoice(), await createInvoice()];
    // NOTE: half paid already: the 10.00 charge overpays it by 5.00, which becomes account credit.
    const halfPaid = await createInvoice({}, 'partiallyPaid');
    const pastDue = await createSubscription({}, 'pastDue');
    const suspended = await createSubscription({}, 'suspended');
    const ofPastDue = await createInvoice({ subscription: pastDue, dueAt: new Date(NOW.getTime() - 3_600_000) });
    const ofSuspended = await createInvoice({ subscription: suspended, dueAt: new Date(NOW.getTime() - 3_600_000) });
    const invoices = [...plain, halfPaid, ofPastDue, ofSuspended];
    const charges = await Promise.all(invoices.map((i) => succeededCharge(i, Number(i.totalMinor))));

    const first = recorder();
    const once = await Promise.all(charges.map((c) => first(c)));
    const twice = await Promise.all(charges.map((c) => first(c)));
    const [a, b] = [recorder(), recorder()];
    const atOnce = await Promise.all(charges.flatMap((c) => [a(c), b(c)]));

    expect(once.map((r) => r.duplicate)).to.deep.equal(invoices.map(() => false));
    expect(twice.map((r) => r.duplicate)).to.deep.equal(invoices.map(() => true));
    expect(atOnce.every((r) => r.duplicate)).to.equal(true);
    for (const invoice of invoices) {
      expect(await paymentsOf(invoice.id), `payments of invoice ${invoice.id}`).to.have.length(invoice === halfPaid ? 2 : 1);
      expect(await reload(invoice)).to.include({ status: 'paid', amountDueMinor: 0, nextRetryAt: null });
      expect(await receiptsOf(invoice)).to.equal(1);
    }
    expect((await PaymentAttempt.findAll({ where: { id: charges.map((c) => c.attemptId) } })).map((a) => a.status)).to.deep.equal(charges.map(() => 'succeeded'));
    const grants = await LedgerEntry.findAll({ where: { kind: 'credit_grant' } });
    expect(grants.map((g) => [g.invoiceId, Number(g.amountMinor)])).to.deep.equal([[halfPaid.id, 500]]);
    expect(Number((await Customer.findByPk(halfPaid.customerId, { rejectOnEmpty: true })).creditBalanceMinor)).to.equal(500);
    expect((await Subscription.findByPk(pastDue.id, { rejectOnEmpty: true })).status).to.equal('active');
    expect((await Subscription.findByPk(suspended.id, { rejectOnEmpty: true })).status).to.equal('active');
  });

  it('when a webhook records the same payments while a batch records them, then each invoice is paid once', async () => {
    const invoices = await Promise.all(Array.from({ length: 6 }, () => createInvoice()));
    const charges = await Promise.all(invoices.map((i) => succeededCharge(i)));
    const record = recorder();

    await Promise.all(charges.flatMap((c) => [record(c), receivePayment(c.input, systemCtx())]));

    for (const invoice of invoices) {
      expect(await paymentsOf(invoice.id)).to.have.length(1);
      expect(await reload(invoice)).to.include({ status: 'paid', amountDueMinor: 0 });
      expect(await receiptsOf(invoice)).to.equal(1);
    }
  });

  it('when one charge of a batch cannot be recorded, then only its caller sees the error and the others are paid', async () => {
    const good = [await createInvoice(), await createInvoice()];
    const draft = await createInvoice({}, 'draft');
    const charges = [await succeededCharge(good[0]!), await succeededCharge(draft), await succeededCharge(good[1]!)];
    const record = recorder();

    const outcomes = await Promise.allSettled(charges.map((c) => record(c)));

    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { code?: string }).code).to.equal('invoice_not_issued');
    for (const invoice of good) expect(await reload(invoice)).to.include({ status: 'paid', amountDueMinor: 0 });
    expect(await paymentsOf(draft.id)).to.have.length(0);
    expect((await PaymentAttempt.findByPk(charges[1]!.attemptId, { rejectOnEmpty: true })).status).to.equal('pending');
  });
});
