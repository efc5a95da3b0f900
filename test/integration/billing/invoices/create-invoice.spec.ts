import { expect } from 'chai';
import { createInvoice } from '../../../../src/billing/invoices/create-invoice.js';
import { grantCredit } from '../../../../src/billing/credit/grant-credit.js';
import { Customer, Invoice, InvoiceLine, LedgerEntry } from '../../../../src/models/index.js';
import { setSetting } from '../../../../src/settings/index.js';
import { countRows } from '../../../support/db.js';
import { createCustomer } from '../../../factories/identity.js';
import { createPlan } from '../../../factories/catalog.js';
import { bill, failure, freshBilling, key, line, movements, reloaded, staff, sys, useSeller } from './support.js';

describe('billing / createInvoice', () => {
  beforeEach(freshBilling);

  it('when an invoice is created, then it is numbered, due after the payment terms and carries seller and buyer snapshots', async () => {
    await useSeller('NL');
    await setSetting('billing.payment_terms_days', 14, sys());
    const customer = await createCustomer({ company: 'Acme Hosting Ltd', billingLine1: '5 Main St' });
    const invoice = await bill(customer, [line(1999, { description: 'Setup' }), line(500, { quantity: 3, description: 'Extra IP' })]);
    expect(invoice).to.include({ number: 'INV-2025-000001', status: 'open', currency: 'USD', subtotalMinor: 3499, totalMinor: 3499, amountDueMinor: 3499 });
    expect(invoice.issuedAt?.toISOString()).to.equal('2025-03-10T12:00:00.000Z');
    expect(invoice.dueAt?.toISOString()).to.equal('2025-03-24T12:00:00.000Z');
    expect(invoice.seller).to.include({ name: 'EZSCALE B.V.', country: 'NL', taxId: 'NL123456789B01' });
    expect(invoice.buyer).to.include({ name: 'Acme Hosting Ltd', line1: '5 Main St', country: 'US' });
    const lines = await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC']] });
    expect(lines.map((l) => [l.description, l.quantity, Number(l.unitAmountMinor), Number(l.amountMinor)])).to.deep.equal([
      ['Setup', 1, 1999, 1999],
      ['Extra IP', 3, 500, 1500],
    ]);
  });

  it('when the seller setting changes after issue, then the issued invoice keeps its snapshot', async () => {
    const customer = await createCustomer();
    const invoice = await bill(customer, 1000);
    await useSeller('NL', 'New Name B.V.');
    expect((await reloaded(invoice.id)).seller).to.include({ name: 'EZSCALE' });
  });

  it('when createInvoice runs twice with one key, then there is one invoice and the second call returns it', async () => {
    const customer = await createCustomer();
    const input = { customerId: customer.id, kind: 'renewal' as const, lines: [line(2500)], idempotencyKey: 'renewal:1:2025-03-10' };
    const first = await createInvoice(input, sys());
    const second = await createInvoice(input, sys());
    expect(second.duplicate).to.equal(true);
    expect(second.invoice.id).to.equal(first.invoice.id);
    expect(await countRows('invoices')).to.equal(1);
    expect(await countRows('invoice_lines')).to.equal(1);
  });

  it('when five callers create the same invoice at once, then exactly one invoice and one number exist', async () => {
    const customer = await createCustomer();
    const input = { customerId: customer.id, kind: 'renewal' as const, lines: [line(2500)], idempotencyKey: key('renewal') };
    const results = await Promise.all(Array.from({ length: 5 }, () => createInvoice(input, sys())));
    expect(new Set(results.map((r) => r.invoice.id)).size).to.equal(1);
    expect(results.filter((r) => !r.duplicate)).to.have.length(1);
    expect(await countRows('invoices')).to.equal(1);
    expect((await bill(customer, 100)).number).to.equal('INV-2025-000002');
  });

  it('when the customer has account credit, then the new invoice is paid from it first with a credit_apply row', async () => {
    const customer = await createCustomer();
    await grantCredit({ customerId: customer.id, amountMinor: 1500, currency: 'USD', reason: 'Goodwill' }, await staff());
    const partly = await createInvoice({ customerId: customer.id, kind: 'manual', lines: [line(1000)] }, sys());
    expect(partly.creditAppliedMinor).to.equal(1000);
    expect(partly.invoice).to.include({ status: 'paid', amountDueMinor: 0 });
    const next = await bill(customer, 2000);
    expect(next).to.include({ status: 'open', amountDueMinor: 1500 });
    expect(await movements(next.id)).to.deep.equal([['credit_apply', 500]]);
    expect((await Customer.findByPk(customer.id))?.creditBalanceMinor).to.equal(0);
  });

  it('when credit is kept but applyCredit is false, then the invoice stays fully due', async () => {
    const customer = await createCustomer();
    await grantCredit({ customerId: customer.id, amountMinor: 1500, currency: 'USD', reason: 'Goodwill' }, await staff());
    const invoice = await bill(customer, 1000, { applyCredit: false });
    expect(invoice).to.include({ status: 'open', amountDueMinor: 1000 });
    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id } })).to.equal(0);
  });

  it('when an invoice totals zero, then it is paid as soon as it is issued', async () => {
    const customer = await createCustomer();
    const plan = await createPlan();
    const invoice = await bill(customer, [{ kind: 'plan', description: 'Trial', unitAmountMinor: 1000, planId: plan.id }], {
      coupon: { code: 'FREE', kind: 'percent', percentBp: 10_000 },
    });
    expect(invoice).to.include({ status: 'paid', totalMinor: 0, discountMinor: 1000, amountDueMinor: 0 });
    expect(invoice.paidAt?.toISOString()).to.equal('2025-03-10T12:00:00.000Z');
  });

  it('when the lines total less than zero, then no invoice is created and the number is not used', async () => {
    const customer = await createCustomer();
    const err = await failure(bill(customer, [line(1000), { kind: 'credit', description: 'Downgrade credit', unitAmountMinor: -3000 }]));
    expect(err.code).to.equal('invoice_negative_total');
    expect(await countRows('invoices')).to.equal(0);
    expect((await bill(customer, 100)).number).to.equal('INV-2025-000001');
  });

  it('when issue is false, then a priced draft without a number is left', async () => {
    const customer = await createCustomer();
    const { invoice } = await createInvoice({ customerId: customer.id, kind: 'manual', lines: [line(700)], issue: false }, sys());
    expect(await reloaded(invoice.id)).to.include({ status: 'draft', number: null, totalMinor: 700 });
    expect(await Invoice.count({ where: { status: 'draft' } })).to.equal(1);
  });
});
