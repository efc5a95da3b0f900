import { expect } from 'chai';
import { addInvoiceLine } from '../../../../src/billing/invoices/add-invoice-line.js';
import { createDraftInvoice } from '../../../../src/billing/invoices/create-draft-invoice.js';
import { issueInvoice } from '../../../../src/billing/invoices/issue-invoice.js';
import { removeInvoiceLine } from '../../../../src/billing/invoices/remove-invoice-line.js';
import { updateInvoiceLine } from '../../../../src/billing/invoices/update-invoice-line.js';
import { AuditLog, InvoiceLine } from '../../../../src/models/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { createTaxRate } from '../../../factories/billing.js';
import { failure, freshBilling, line, reloaded, staff } from './support.js';

describe('billing / draft invoices', () => {
  beforeEach(freshBilling);

  it('when staff add, change and remove lines of a draft, then its totals follow and each change is audited', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    const added = await addInvoiceLine(draft.id, line(250, { quantity: 2, description: 'Extra hours' }), ctx);
    expect((await reloaded(draft.id)).totalMinor).to.equal(1500);
    await updateInvoiceLine(added.id, { quantity: 4 }, ctx);
    expect((await reloaded(draft.id)).totalMinor).to.equal(2000);
    const first = await InvoiceLine.findOne({ where: { invoiceId: draft.id, position: 1 } });
    await removeInvoiceLine(first!.id, ctx);
    expect(await reloaded(draft.id)).to.include({ totalMinor: 1000, status: 'draft', number: null });
    const actions = (await AuditLog.findAll({ where: { entityType: 'invoice' }, order: [['id', 'ASC']] })).map((a) => a.action);
    expect(actions).to.deep.equal(['invoice.draft_created', 'invoice.line_added', 'invoice.line_updated', 'invoice.line_removed']);
  });

  it('when a tax rate appears between drafting and issuing, then the invoice is taxed at issue', async () => {
    const ctx = await staff();
    const customer = await createCustomer({}, 'eur');
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    expect(draft.taxMinor).to.equal(0);
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const { clearTaxRateCache } = await import('../../../../src/billing/tax/load-tax-env.js');
    clearTaxRateCache();
    const issued = await issueInvoice(draft.id, ctx);
    expect(issued).to.include({ taxMinor: 190, totalMinor: 1190, status: 'open' });
  });

  it('when an issued invoice is edited through an operation, then it is refused as immutable', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    await issueInvoice(draft.id, ctx);
    const lineRow = await InvoiceLine.findOne({ where: { invoiceId: draft.id } });
    expect((await failure(addInvoiceLine(draft.id, line(5), ctx))).code).to.equal('invoice_immutable');
    expect((await failure(updateInvoiceLine(lineRow!.id, { unitAmountMinor: 1 }, ctx))).code).to.equal('invoice_immutable');
    expect((await failure(removeInvoiceLine(lineRow!.id, ctx))).code).to.equal('invoice_immutable');
    expect((await failure(issueInvoice(draft.id, ctx))).code).to.equal('invoice_immutable');
  });

  it('when an issued invoice is changed directly on the model, then the hooks refuse it', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    const issued = await issueInvoice(draft.id, ctx);
    expect((await failure(issued.update({ number: 'INV-HACKED', subtotalMinor: 1 }))).code).to.equal('invoice_immutable');
    expect((await failure(InvoiceLine.create({ invoiceId: issued.id, kind: 'manual', description: 'Sneaky', unitAmountMinor: 1, amountMinor: 1 }))).code).to.equal('invoice_immutable');
    expect((await reloaded(issued.id)).totalMinor).to.equal(1000);
  });

  it('when a draft line has an invalid amount, then the change is refused and the draft is unchanged', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    expect((await failure(addInvoiceLine(draft.id, { kind: 'plan', description: 'Bad', unitAmountMinor: -5 }, ctx))).code).to.equal('invoice_line_negative');
    expect((await failure(addInvoiceLine(draft.id, line(5, { quantity: 0 }), ctx))).code).to.equal('invoice_line_invalid_quantity');
    expect(await InvoiceLine.count({ where: { invoiceId: draft.id } })).to.equal(1);
  });
});
