import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { CreditNote, Customer, LedgerEntry, MailOutbox } from '../../../../src/models/index.js';
import { chargeInvoiceOffSession } from '../../../../src/payments/operations/charge-invoice-off-session.js';
import { refundPayment } from '../../../../src/payments/operations/refund-payment.js';
import { receiveWebhook } from '../../../../src/payments/webhooks/receive-webhook.js';
import { customerCtx, customerWithCards, openInvoice, reload, staffCtx, startRails, resetPayments, type Rails } from './support.js';

describe('Payments: refunds', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  async function paidByCard(amountMinor = 1000) {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const invoice = await openInvoice(customer, { lines: [{ kind: 'manual', description: 'VPS', unitAmountMinor: amountMinor }] });
    const charge = await chargeInvoiceOffSession(invoice.id, systemCtx());
    return { customer, invoice, intentId: charge.attempts[0]!.gatewayReference ?? '' };
  }

  it('when staff refund part then the rest, then Stripe refunds twice, the ledger holds both refunds with credit notes and the customer is told each time', async () => {
    const { customer, invoice, intentId } = await paidByCard(2500);
    const { ctx } = await staffCtx('finance');

    const partial = await refundPayment({ invoiceId: invoice.id, amountMinor: 500, to: 'gateway', reason: 'Downtime credit' }, ctx);
    const rest = await refundPayment({ invoiceId: invoice.id, to: 'gateway', reason: 'Cancelled' }, ctx);
    const more = await refundPayment({ invoiceId: invoice.id, amountMinor: 1, to: 'gateway', reason: 'Too much' }, ctx).catch((err: unknown) => err);

    expect(Number(partial.entry.amountMinor)).to.equal(500);
    expect(Number(rest.entry.amountMinor)).to.equal(2000);
    expect(rails.stripe.counts().refunds).to.equal(2);
    expect(rails.stripe.get(String(rails.stripe.get(intentId)?.latest_charge))).to.include({ amount_refunded: 2500, refunded: true });
    const refunds = await LedgerEntry.findAll({ where: { invoiceId: invoice.id, kind: 'refund' }, order: [['id', 'ASC']] });
    expect(refunds.map((r) => [Number(r.amountMinor), r.idempotencyKey.startsWith('stripe:refund:re_')])).to.deep.equal([[500, true], [2000, true]]);
    expect(await CreditNote.count({ where: { invoiceId: invoice.id, kind: 'refund' } })).to.equal(2);
    expect(more).to.have.property('code', 'refund_exceeds_paid');
    expect(rails.stripe.counts().refunds).to.equal(2);
    expect((await reload(invoice)).status).to.equal('paid');
    expect(await MailOutbox.count({ where: { userId: customer.userId, template: 'payment-refunded' } })).to.equal(2);
  });

  it('when the refund webhook arrives for a refund staff made, then nothing is booked twice', async () => {
    const { invoice } = await paidByCard();
    const { ctx } = await staffCtx();
    const result = await refundPayment({ invoiceId: invoice.id, amountMinor: 300, to: 'gateway', reason: 'Goodwill' }, ctx);
    const refundId = String(result.entry.gatewayReference);

    const receipt = await receiveWebhook('stripe', rails.stripe.webhook('refund.created', rails.stripe.get(refundId) ?? {}), systemCtx());

    expect(receipt.outcome).to.equal('processed');
    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'refund' } })).to.equal(1);
  });

  it('when staff refund to account credit, then no gateway is called and the credit balance grows', async () => {
    const { customer, invoice } = await paidByCard();
    const { ctx } = await staffCtx();

    await refundPayment({ invoiceId: invoice.id, amountMinor: 400, to: 'credit', reason: 'Moved to credit' }, ctx);

    expect(rails.stripe.counts().refunds).to.equal(0);
    expect(Number((await Customer.findByPk(customer.id, { rejectOnEmpty: true })).creditBalanceMinor)).to.equal(400);
  });

  it('when a customer tries to refund, then it is refused', async () => {
    const { customer, invoice } = await paidByCard();

    const error = await refundPayment({ invoiceId: invoice.id, to: 'gateway', reason: 'Please' }, customerCtx(customer)).catch((err: unknown) => err);

    expect(error).to.have.property('code', 'forbidden');
    expect(rails.stripe.counts().refunds).to.equal(0);
  });
});
