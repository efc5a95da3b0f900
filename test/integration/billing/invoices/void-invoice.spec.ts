import { expect } from 'chai';
import { grantCredit } from '../../../../src/billing/credit/grant-credit.js';
import { markUncollectible } from '../../../../src/billing/invoices/mark-uncollectible.js';
import { voidInvoice } from '../../../../src/billing/invoices/void-invoice.js';
import { recordPayment } from '../../../../src/billing/ledger/record-payment.js';
import { recordRefund } from '../../../../src/billing/ledger/record-refund.js';
import { AuditLog, CreditNote, CreditNoteLine, Customer } from '../../../../src/models/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { createPlan } from '../../../factories/catalog.js';
import { bill, failure, freshBilling, line, movements, reloaded, staff, sys } from './support.js';

describe('billing / void and write-off', () => {
  beforeEach(freshBilling);

  it('when an unpaid invoice is voided, then it is void with a numbered credit note repeating its lines, and audited', async () => {
    const invoice = await bill(await createCustomer(), [line(1000, { description: 'Setup' }), line(2000, { description: 'Migration' })]);
    const { invoice: voided, creditNote } = await voidInvoice(invoice.id, 'Issued in error', await staff());
    expect(voided).to.include({ status: 'void', amountDueMinor: 0, voidReason: 'Issued in error' });
    expect(creditNote).to.include({ number: 'CN-2025-000001', kind: 'void', refundTo: 'none', totalMinor: 3000, reason: 'Issued in error' });
    const lines = await CreditNoteLine.findAll({ where: { creditNoteId: creditNote.id }, order: [['position', 'ASC']] });
    expect(lines.map((l) => [l.description, Number(l.amountMinor)])).to.deep.equal([['Setup', 1000], ['Migration', 2000]]);
    expect(await AuditLog.count({ where: { action: 'invoice.voided', entityId: String(invoice.id) } })).to.equal(1);
  });

  it('when a discounted invoice is voided, then the credit note credits its net amount per tax rate', async () => {
    const plan = await createPlan();
    const invoice = await bill(await createCustomer(), [{ kind: 'plan', description: 'VPS', unitAmountMinor: 1000, planId: plan.id }], {
      coupon: { code: 'TEN', kind: 'percent', percentBp: 1000 },
    });
    const { creditNote } = await voidInvoice(invoice.id, 'Customer cancelled', await staff());
    expect(creditNote.totalMinor).to.equal(900);
    const lines = await CreditNoteLine.findAll({ where: { creditNoteId: creditNote.id } });
    expect(lines.reduce((s, l) => s + Number(l.amountMinor), 0)).to.equal(900);
  });

  it('when an invoice with a payment is voided, then it is refused: refund it instead', async () => {
    const invoice = await bill(await createCustomer(), 5_000);
    await recordPayment({ invoiceId: invoice.id, amountMinor: 1_000, currency: 'USD', gateway: 'stripe', idempotencyKey: 'ch_v' }, sys());
    const err = await failure(voidInvoice(invoice.id, 'Oops', await staff()));
    expect(err.code).to.equal('invoice_has_payments');
    expect(await CreditNote.count()).to.equal(0);
    await recordRefund({ invoiceId: invoice.id, amountMinor: 1_000, currency: 'USD', to: 'gateway', gateway: 'stripe', reason: 'Oops', idempotencyKey: 're_v' }, await staff());
    const { creditNote } = await voidInvoice(invoice.id, 'Oops', await staff());
    expect(creditNote).to.include({ number: 'CN-2025-000002', totalMinor: 4_000 });
    expect(await reloaded(invoice.id)).to.include({ status: 'void', amountDueMinor: 0 });
  });

  it('when an invoice partly paid with account credit is voided, then the credit goes back to the customer', async () => {
    const customer = await createCustomer();
    await grantCredit({ customerId: customer.id, amountMinor: 700, currency: 'USD', reason: 'Promo' }, await staff());
    const invoice = await bill(customer, 2_000);
    expect(invoice.amountDueMinor).to.equal(1_300);
    const { creditReturnedMinor, creditNote } = await voidInvoice(invoice.id, 'Duplicate', await staff());
    expect(creditReturnedMinor).to.equal(700);
    expect(creditNote).to.include({ totalMinor: 2_000, refundTo: 'credit' });
    expect(await movements(invoice.id)).to.deep.equal([['credit_apply', 700], ['credit_grant', 700]]);
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(700);
  });

  it('when a paid, draft or void invoice is voided, then it is refused', async () => {
    const ctx = await staff();
    const draft = await bill(await createCustomer(), 500, { issue: false });
    expect((await failure(voidInvoice(draft.id, 'x', ctx))).code).to.equal('invoice_not_issued');
    const invoice = await bill(await createCustomer(), 500);
    await voidInvoice(invoice.id, 'x', ctx);
    expect((await failure(voidInvoice(invoice.id, 'x', ctx))).code).to.equal('invoice_void');
    expect((await failure(voidInvoice(invoice.id, ' ', ctx))).code).to.equal('void_reason_required');
  });

  it('when an open invoice is written off, then it is uncollectible and a later payment still settles it', async () => {
    const invoice = await bill(await createCustomer(), 5_000);
    const written = await markUncollectible(invoice.id, 'Customer unreachable', await staff());
    expect(written).to.include({ status: 'uncollectible' });
    await recordPayment({ invoiceId: invoice.id, amountMinor: 5_000, currency: 'USD', gateway: 'paypal', idempotencyKey: 'pp_1' }, sys());
    expect(await reloaded(invoice.id)).to.include({ status: 'paid', amountDueMinor: 0 });
  });
});
