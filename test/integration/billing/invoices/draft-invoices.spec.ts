import { expect } from 'chai';
import { addInvoiceLine } from '../../../../src/billing/invoices/add-invoice-line.js';
import { createDraftInvoice } from '../../../../src/billing/invoices/create-draft-invoice.js';
import { issueInvoice } from '../../../../src/billing/invoices/issue-invoice.js';
import { removeInvoiceLine } from '../../../../src/billing/invoices/remove-invoice-line.js';
import { updateInvoiceLine } from '../../../../src/billing/invoices/update-invoice-line.js';
import { AuditLog, InvoiceLine, OutboxMessage } from '../../../../src/models/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { createTaxRate } from '../../../factories/billing.js';
import { bill, failure, freshBilling, line, reloaded, staff } from './support.js';

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

  it('when staff issue a draft, then one invoice.issued event carries it to the customer, even when issuing is tried twice at once', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    const outcomes = await Promise.allSettled([issueInvoice(draft.id, ctx), issueInvoice(draft.id, ctx)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    const events = await OutboxMessage.findAll({ where: { channel: 'event', topic: 'invoice.issued' } });
    expect(events.map((e) => e.payload)).to.deep.equal([
      { ...events[0]!.payload, invoiceId: draft.id, kind: 'manual', customerId: customer.id, totalMinor: 1000, currency: 'USD', number: (await reloaded(draft.id)).number },
    ]);
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

  it('when staff add a manual line marked untaxed, then it carries no tax, the other lines keep theirs, and the mark survives re-pricing and issue', async () => {
    const ctx = await staff();
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const customer = await createCustomer({}, 'eur');
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    const fee = await addInvoiceLine(draft.id, line(500, { description: 'Court fee passed through', taxable: false }), ctx);
    expect([fee.taxable, Number(fee.taxMinor), fee.taxRateId]).to.deep.equal([false, 0, null]);
    expect(await reloaded(draft.id)).to.include({ subtotalMinor: 1500, taxMinor: 190, totalMinor: 1690 });
    await updateInvoiceLine(fee.id, { quantity: 2 }, ctx);
    expect(await reloaded(draft.id)).to.include({ taxMinor: 190, totalMinor: 2190 });
    const issued = await issueInvoice(draft.id, ctx);
    expect(issued).to.include({ taxMinor: 190, totalMinor: 2190, status: 'open' });
    const rows = await InvoiceLine.findAll({ where: { invoiceId: draft.id }, order: [['position', 'ASC']] });
    expect(rows.map((r) => [r.description, r.taxable, Number(r.taxMinor)])).to.deep.equal([
      ['Service 1000', true, 190],
      ['Court fee passed through', false, 0],
    ]);
  });

  it('when bandwidth overage is billed as an overage line, on a draft or a direct invoice, then it is taxed like the service and no coupon discounts it', async () => {
    const ctx = await staff();
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const customer = await createCustomer({}, 'eur');
    const overage = line(50, { kind: 'overage', description: 'Bandwidth overage, 12 GB', quantity: 12 });
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000)] }, ctx);
    const added = await addInvoiceLine(draft.id, overage, ctx);
    expect([added.kind, Number(added.amountMinor), Number(added.taxMinor)]).to.deep.equal(['overage', 600, 114]);
    const coupon = { id: null, code: 'ALLOFF', kind: 'percent' as const, percentBp: 10_000 };
    const direct = await bill(customer, [{ kind: 'plan', description: 'VPS', unitAmountMinor: 1000 }, overage], { kind: 'overage', coupon });
    expect(direct).to.include({ kind: 'overage', subtotalMinor: 1600, discountMinor: 1000, taxMinor: 114, totalMinor: 714 });
  });

  it('when staff mark a draft line taxed again, then it is taxed at the customer\'s rate', async () => {
    const ctx = await staff();
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const customer = await createCustomer({}, 'eur');
    const draft = await createDraftInvoice({ customerId: customer.id, lines: [line(1000, { taxable: false })] }, ctx);
    expect(await reloaded(draft.id)).to.include({ taxMinor: 0, totalMinor: 1000 });
    const [row] = await InvoiceLine.findAll({ where: { invoiceId: draft.id } });
    await updateInvoiceLine(row.id, { taxable: true }, ctx);
    expect(await reloaded(draft.id)).to.include({ taxMinor: 190, totalMinor: 1190 });
    expect((await row.reload()).taxable).to.equal(true);
  });
});
