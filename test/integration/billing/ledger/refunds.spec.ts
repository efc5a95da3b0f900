import { expect } from 'chai';
import { recordPayment } from '../../../../src/billing/ledger/record-payment.js';
import { recordRefund, type RecordRefundInput } from '../../../../src/billing/ledger/record-refund.js';
import { recordChargeback } from '../../../../src/billing/ledger/record-chargeback.js';
import { reverseChargeback } from '../../../../src/billing/ledger/reverse-chargeback.js';
import { invoiceBalance } from '../../../../src/billing/ledger/invoice-balance.js';
import { CreditNote, CreditNoteLine, Customer, type Invoice } from '../../../../src/models/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { createTaxRate } from '../../../factories/billing.js';
import { bill, failure, freshBilling, key, movements, reloaded, staff, sys } from '../invoices/support.js';

const refund = async (invoice: Invoice, amountMinor: number, extra: Partial<RecordRefundInput> = {}) =>
  recordRefund({ invoiceId: invoice.id, amountMinor, currency: invoice.currency, to: 'gateway', gateway: 'stripe', gatewayReference: `re_${amountMinor}`, reason: 'Outage', idempotencyKey: key('stripe:refund'), ...extra }, await staff());

const paid = async (customer: Customer, totalLines: number): Promise<Invoice> => {
  const invoice = await bill(customer, totalLines);
  await recordPayment({ invoiceId: invoice.id, amountMinor: invoice.totalMinor, currency: invoice.currency, gateway: 'stripe', gatewayReference: 'ch_1', idempotencyKey: key('stripe:charge') }, sys());
  return reloaded(invoice.id);
};

describe('billing / refunds and chargebacks', () => {
  beforeEach(freshBilling);

  it('when a paid invoice is refunded in part and then in full, then each refund has a numbered credit note and a refund row, to the cent', async () => {
    const customer = await createCustomer({}, 'eur');
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const invoice = await paid(customer, 10_000);
    expect(invoice).to.include({ status: 'paid', taxMinor: 1_900, totalMinor: 11_900 });
    const first = await refund(invoice, 3_333);
    expect(first.creditNote).to.include({ number: 'CN-2025-000001', kind: 'refund', refundTo: 'gateway', totalMinor: 3_333, taxMinor: 532, subtotalMinor: 2_801 });
    const second = await refund(invoice, 8_567);
    expect(second.creditNote).to.include({ number: 'CN-2025-000002', totalMinor: 8_567, taxMinor: 1_368, subtotalMinor: 7_199 });
    expect(await movements(invoice.id)).to.deep.equal([['payment', 11_900], ['refund', 3_333], ['refund', 8_567]]);
    const balance = await invoiceBalance(invoice.id);
    expect(balance).to.include({ gatewayNetMinor: 0, creditedMinor: 11_900, balanceMinor: 0 });
    const notes = await CreditNote.findAll({ where: { invoiceId: invoice.id } });
    expect(notes.reduce((s, n) => s + n.taxMinor, 0)).to.equal(1_900);
    expect(await reloaded(invoice.id)).to.include({ status: 'paid', amountDueMinor: 0 });
    expect((await failure(refund(invoice, 1))).code).to.equal('refund_exceeds_paid');
  });

  it('when a refund goes to account credit, then a credit note and a credit_grant row are written and the credit grows', async () => {
    const customer = await createCustomer();
    const invoice = await paid(customer, 5_000);
    const result = await refund(invoice, 1_250, { to: 'credit', gateway: null });
    expect(result.creditNote).to.include({ refundTo: 'credit', totalMinor: 1_250 });
    expect(result.creditBalanceMinor).to.equal(1_250);
    expect(await movements(invoice.id)).to.deep.equal([['payment', 5_000], ['credit_grant', 1_250]]);
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(1_250);
    expect((await CreditNoteLine.findAll({ where: { creditNoteId: result.creditNote.id } })).map((l) => Number(l.amountMinor))).to.deep.equal([1_250]);
  });

  it('when a refund is retried with its key, then one credit note and one row exist', async () => {
    const invoice = await paid(await createCustomer(), 5_000);
    const idempotencyKey = 'stripe:refund:re_9';
    await refund(invoice, 1_000, { idempotencyKey });
    const again = await refund(invoice, 1_000, { idempotencyKey });
    expect(again.duplicate).to.equal(true);
    expect(await CreditNote.count()).to.equal(1);
    expect(await movements(invoice.id)).to.deep.equal([['payment', 5_000], ['refund', 1_000]]);
  });

  it('when more is refunded to the gateway than it took, then the refund is refused', async () => {
    const invoice = await bill(await createCustomer(), 5_000);
    await recordPayment({ invoiceId: invoice.id, amountMinor: 2_000, currency: 'USD', gateway: 'stripe', idempotencyKey: 'ch_a' }, sys());
    const err = await failure(refund(invoice, 2_001));
    expect(err.code).to.equal('refund_exceeds_paid');
    expect(await CreditNote.count()).to.equal(0);
  });

  it('when a paid invoice is charged back and the dispute is won, then it reopens disputed and is paid again', async () => {
    const invoice = await paid(await createCustomer(), 5_000);
    const lost = await recordChargeback({ invoiceId: invoice.id, amountMinor: 5_000, currency: 'USD', gateway: 'stripe', gatewayReference: 'dp_1', idempotencyKey: 'stripe:dispute:dp_1' }, sys());
    expect(lost).to.include({ reopened: true, balanceMinor: 5_000 });
    expect(await reloaded(invoice.id)).to.include({ status: 'open', disputed: true, amountDueMinor: 5_000, paidAt: null });
    const won = await reverseChargeback({ invoiceId: invoice.id, amountMinor: 5_000, currency: 'USD', gateway: 'stripe', gatewayReference: 'dp_1', idempotencyKey: 'stripe:dispute:dp_1:won' }, sys());
    expect(won).to.include({ becamePaid: true, balanceMinor: 0 });
    expect(await reloaded(invoice.id)).to.include({ status: 'paid', disputed: false, amountDueMinor: 0 });
    expect(await movements(invoice.id)).to.deep.equal([['payment', 5_000], ['chargeback', 5_000], ['chargeback_reversal', 5_000]]);
    const tooMuch = await failure(reverseChargeback({ invoiceId: invoice.id, amountMinor: 1, currency: 'USD', gateway: 'stripe', idempotencyKey: 'again' }, sys()));
    expect(tooMuch.code).to.equal('chargeback_reversal_exceeds_disputed');
  });
});
