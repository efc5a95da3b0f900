import { expect } from 'chai';
import { recordPayment, type RecordPaymentInput } from '../../../../src/billing/ledger/record-payment.js';
import { invoiceBalance } from '../../../../src/billing/ledger/invoice-balance.js';
import { customerCreditBalance } from '../../../../src/billing/credit/customer-credit.js';
import { AuditLog, Customer, type Invoice, LedgerEntry } from '../../../../src/models/index.js';
import { countRows } from '../../../support/db.js';
import { createCustomer } from '../../../factories/identity.js';
import { bill, failure, freshBilling, key, movements, reloaded, staff, sys } from '../invoices/support.js';

const pay = (invoice: Invoice, amountMinor: number, extra: Partial<RecordPaymentInput> = {}) =>
  recordPayment({ invoiceId: invoice.id, amountMinor, currency: invoice.currency, gateway: 'stripe', gatewayReference: `ch_${amountMinor}`, idempotencyKey: key('stripe:charge'), ...extra }, sys());

describe('billing / recordPayment', () => {
  beforeEach(freshBilling);

  it('when part of an invoice is paid, then it stays open with the rest due', async () => {
    const invoice = await bill(await createCustomer(), 10_000);
    const result = await pay(invoice, 4_001);
    expect(result).to.include({ balanceMinor: 5_999, creditedMinor: 0, becamePaid: false, duplicate: false });
    expect(await reloaded(invoice.id)).to.include({ status: 'open', amountDueMinor: 5_999, paidAt: null });
  });

  it('when the exact amount is paid, then the invoice is paid with the payment time', async () => {
    const invoice = await bill(await createCustomer(), 10_000);
    await pay(invoice, 4_000);
    const result = await pay(invoice, 6_000);
    expect(result.becamePaid).to.equal(true);
    const paid = await reloaded(invoice.id);
    expect(paid).to.include({ status: 'paid', amountDueMinor: 0 });
    expect(paid.paidAt?.toISOString()).to.equal('2025-03-10T12:00:00.000Z');
    expect(await movements(invoice.id)).to.deep.equal([['payment', 4_000], ['payment', 6_000]]);
  });

  it('when more than the invoice is paid, then it is paid and the excess becomes account credit', async () => {
    const customer = await createCustomer();
    const invoice = await bill(customer, 10_000);
    const result = await pay(invoice, 12_550);
    expect(result).to.include({ becamePaid: true, creditedMinor: 2_550, balanceMinor: 0 });
    expect(await movements(invoice.id)).to.deep.equal([['payment', 12_550], ['credit_grant', 2_550]]);
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(2_550);
    expect(await customerCreditBalance(customer.id)).to.equal(2_550);
    expect((await invoiceBalance(invoice.id)).balanceMinor).to.equal(0);
  });

  it('when the same payment is recorded twice, then there is one ledger row and the second call says so', async () => {
    const invoice = await bill(await createCustomer(), 10_000);
    const idempotencyKey = 'stripe:charge:ch_1';
    await pay(invoice, 10_000, { idempotencyKey });
    const again = await pay(invoice, 10_000, { idempotencyKey });
    expect(again).to.include({ duplicate: true, balanceMinor: 0 });
    expect(await countRows('ledger_entries')).to.equal(1);
  });

  it('when the same webhook is delivered five times at once, then exactly one payment is recorded', async () => {
    const invoice = await bill(await createCustomer(), 10_000);
    const results = await Promise.all(Array.from({ length: 5 }, () => pay(invoice, 3_000, { idempotencyKey: 'stripe:charge:ch_dup' })));
    expect(results.filter((r) => !r.duplicate)).to.have.length(1);
    expect(await movements(invoice.id)).to.deep.equal([['payment', 3_000]]);
    expect((await reloaded(invoice.id)).amountDueMinor).to.equal(7_000);
  });

  it('when different payments for one invoice arrive at once, then the balance counts all of them', async () => {
    const customer = await createCustomer();
    const invoice = await bill(customer, 10_000);
    await Promise.all([pay(invoice, 2_500), pay(invoice, 2_500), pay(invoice, 2_500), pay(invoice, 2_500), pay(invoice, 1_000)]);
    expect(await reloaded(invoice.id)).to.include({ status: 'paid', amountDueMinor: 0 });
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(1_000);
    expect(await LedgerEntry.count({ where: { kind: 'credit_grant' } })).to.equal(1);
  });

  it('when a key is reused for another amount, or the currency differs, then the payment is refused', async () => {
    const invoice = await bill(await createCustomer(), 10_000);
    await pay(invoice, 1_000, { idempotencyKey: 'k1' });
    expect((await failure(pay(invoice, 2_000, { idempotencyKey: 'k1' }))).code).to.equal('idempotency_key_reused');
    expect((await failure(pay(invoice, 2_000, { currency: 'EUR' }))).code).to.equal('payment_currency_mismatch');
    expect((await failure(pay(invoice, 0))).code).to.equal('payment_invalid_amount');
  });

  it('when staff record a bank transfer, then it is audited; a payment on a draft is refused', async () => {
    const invoice = await bill(await createCustomer(), 10_000);
    await recordPayment({ invoiceId: invoice.id, amountMinor: 10_000, currency: 'USD', gateway: 'bank_transfer', gatewayReference: 'SEPA-1', idempotencyKey: 'bank:SEPA-1' }, await staff());
    expect(await AuditLog.count({ where: { action: 'invoice.payment_recorded' } })).to.equal(1);
    const draft = await bill(await createCustomer(), 500, { issue: false });
    expect((await failure(pay(draft, 500))).code).to.equal('invoice_not_issued');
  });
});
