import { expect } from 'chai';
import { resolveTaxForCustomer } from '../../../../src/billing/tax/resolve-tax-for-customer.js';
import { clock } from '../../../../src/lib/clock.js';
import { InvoiceLine, InvoiceTax } from '../../../../src/models/index.js';
import { setSetting } from '../../../../src/settings/index.js';
import { createPlan } from '../../../factories/catalog.js';
import { createTaxRate } from '../../../factories/billing.js';
import { createCustomer } from '../../../factories/identity.js';
import { bill, freshBilling, line, sys, useSeller } from '../invoices/support.js';

const linesOf = async (invoiceId: number) =>
  (await InvoiceLine.findAll({ where: { invoiceId }, order: [['position', 'ASC']] })).map((l) => [Number(l.amountMinor), l.taxRateBp, Number(l.taxMinor)]);

describe('billing / tax', () => {
  beforeEach(freshBilling);

  it('when prices exclude tax, then each line is taxed and rounded on its own and the tax is added on top', async () => {
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1000 });
    const invoice = await bill(await createCustomer({}, 'eur'), [line(5), line(5), line(5)]);
    expect(invoice).to.include({ subtotalMinor: 15, taxMinor: 3, totalMinor: 18, taxInclusive: false });
    expect(await linesOf(invoice.id)).to.deep.equal([[5, 1000, 1], [5, 1000, 1], [5, 1000, 1]]);
    const [row] = await InvoiceTax.findAll({ where: { invoiceId: invoice.id } });
    expect(row).to.include({ name: 'MwSt', country: 'DE', rateBp: 1000 });
    expect([Number(row.taxableMinor), Number(row.taxMinor)]).to.deep.equal([15, 3]);
  });

  it('when prices include tax, then the line amount is gross, the stored amount net and the total unchanged', async () => {
    await setSetting('billing.tax_mode', 'inclusive', sys());
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const invoice = await bill(await createCustomer({}, 'eur'), [line(1190), line(999)]);
    expect(invoice).to.include({ subtotalMinor: 1839, taxMinor: 350, totalMinor: 2189, taxInclusive: true });
    expect(await linesOf(invoice.id)).to.deep.equal([[1000, 1900, 190], [839, 1900, 160]]);
  });

  it('when a rate is flagged inclusive, then its customers are billed tax-inclusive even though the setting is exclusive', async () => {
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 }, 'inclusive');
    const invoice = await bill(await createCustomer({}, 'eur'), 1190);
    expect(invoice).to.include({ taxMinor: 190, totalMinor: 1190, taxInclusive: true });
  });

  it('when the customer is tax exempt, then no tax is charged and the invoice says why', async () => {
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const invoice = await bill(await createCustomer({}, 'eur', 'taxExempt'), 1000);
    expect(invoice).to.include({ taxMinor: 0, totalMinor: 1000 });
    expect(invoice.notes).to.match(/Tax exempt/);
  });

  it('when an NL seller bills a German business with a VAT id, then VAT is reverse charged: 0 tax and a note', async () => {
    await useSeller('NL');
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    await createTaxRate({ country: 'NL', name: 'BTW', rateBp: 2100 });
    const invoice = await bill(await createCustomer({}, 'eur', 'business'), 4999);
    expect(invoice).to.include({ taxMinor: 0, totalMinor: 4999, reverseCharge: true });
    expect(invoice.notes).to.match(/Reverse charge: VAT to be accounted for by the recipient/);
    expect(invoice.buyer).to.include({ taxId: 'DE123456789' });
    const rows = await InvoiceTax.findAll({ where: { invoiceId: invoice.id } });
    expect(rows.map((r) => [r.name, r.rateBp, Number(r.taxableMinor), Number(r.taxMinor)])).to.deep.equal([['Reverse charge', 0, 4999, 0]]);
  });

  it('when the business is in the seller\'s own country or has no VAT id, then normal VAT applies', async () => {
    await useSeller('DE');
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    expect((await bill(await createCustomer({}, 'eur', 'business'), 1000)).taxMinor).to.equal(190);
    await useSeller('NL');
    expect((await bill(await createCustomer({ taxId: null }, 'eur', 'business'), 1000)).taxMinor).to.equal(190);
  });

  it('when a region has its own rate, then it beats the country rate; other regions get the country rate', async () => {
    await createTaxRate({ country: 'US', name: 'Sales tax', rateBp: 500 });
    await createTaxRate({ country: 'US', region: 'TX', name: 'Texas sales tax', rateBp: 825 });
    expect((await bill(await createCustomer({ billingRegion: 'TX' }), 10_000)).taxMinor).to.equal(825);
    expect((await bill(await createCustomer({ billingRegion: 'CA' }), 10_000)).taxMinor).to.equal(500);
  });

  it('when a rate is inactive or outside its validity, then it is not used', async () => {
    await createTaxRate({ country: 'DE', rateBp: 1600 }, 'expired');
    await createTaxRate({ country: 'DE', rateBp: 1500 }, 'inactive');
    expect((await bill(await createCustomer({}, 'eur'), 1000)).taxMinor).to.equal(0);
  });

  it('when a plan is not taxable, then its line carries no tax while other lines do', async () => {
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const plan = await createPlan({ taxable: false });
    const invoice = await bill(await createCustomer({}, 'eur'), [{ kind: 'plan', description: 'Untaxed plan', unitAmountMinor: 1000, planId: plan.id, taxable: plan.taxable }, line(1000)]);
    expect(await linesOf(invoice.id)).to.deep.equal([[1000, 0, 0], [1000, 1900, 190]]);
  });

  it('when a customer\'s tax is resolved, then the treatment, rate, mode and note come back', async () => {
    await useSeller('NL');
    await createTaxRate({ country: 'DE', name: 'MwSt', rateBp: 1900 });
    const consumer = await resolveTaxForCustomer({ billingCountry: 'DE', taxExempt: false, isBusiness: false }, clock.now());
    expect(consumer).to.deep.include({ taxMode: 'exclusive', note: null });
    expect(consumer.rate).to.include({ name: 'MwSt', rateBp: 1900 });
    const business = await resolveTaxForCustomer({ billingCountry: 'DE', taxExempt: false, isBusiness: true, taxId: 'DE1' }, clock.now());
    expect(business.treatment.kind).to.equal('reverse_charge');
    expect(business.note).to.match(/Reverse charge/);
    expect((await resolveTaxForCustomer({ billingCountry: 'JP', taxExempt: false, isBusiness: false }, clock.now())).treatment.kind).to.equal('none');
  });
});
