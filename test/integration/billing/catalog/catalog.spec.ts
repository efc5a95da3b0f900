import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { getPlanPrice } from '../../../../src/billing/catalog/get-plan-price.js';
import { listOrderablePlans } from '../../../../src/billing/catalog/list-orderable-plans.js';
import { quoteOrder } from '../../../../src/billing/catalog/quote-order.js';
import { setSetting } from '../../../../src/settings/index.js';
import { clearTaxRateCache } from '../../../../src/billing/tax/load-tax-env.js';
import { createCoupon, createPlan, createPlanPrice } from '../../../factories/catalog.js';
import { createTaxRate } from '../../../factories/billing.js';
import { createCustomer } from '../../../factories/identity.js';
import { createCatalog, failure, freshEngine, sys } from '../orders/support.js';

describe('billing / catalog', () => {
  before(() => freshEngine('2025-03-10T12:00:00.000Z'));
  beforeEach(() => clock.set('2025-03-10T12:00:00.000Z'));

  it('when a price is asked for a cycle and currency, then the explicit price list answers, with no conversion', async () => {
    const plan = await createPlan({}, 'noPrices');
    await createPlanPrice({ plan, cycle: 'annual', currency: 'EUR', amountMinor: 9900, setupFeeMinor: 1500 });
    expect(await getPlanPrice(plan.id, 'annual', 'EUR')).to.deep.equal({ planId: plan.id, cycle: 'annual', currency: 'EUR', amountMinor: 9900, setupFeeMinor: 1500 });
    expect((await failure(getPlanPrice(plan.id, 'annual', 'USD'))).code).to.equal('plan_price_not_found');
    await createPlanPrice({ plan, cycle: 'monthly', currency: 'EUR', amountMinor: 900, active: false });
    expect((await failure(getPlanPrice(plan.id, 'monthly', 'EUR'))).code).to.equal('plan_price_not_found');
  });

  it('when the storefront is listed, then hidden, archived and unpriced plans are left out and sold-out plans show the waitlist', async () => {
    const type = 'game';
    const shown = await createPlan({ sortOrder: 2 }, type, 'allPrices');
    const soldOut = await createPlan({ sortOrder: 1 }, type, 'soldOut');
    await createPlan({}, type, 'hidden');
    await createPlan({}, type, 'archived');
    await createPlan({}, type, 'noPrices');
    const listed = await listOrderablePlans({ type, currency: 'USD' });
    expect(listed.map((p) => p.id)).to.deep.equal([soldOut.id, shown.id]);
    expect(listed[0]).to.deep.include({ inStock: false, waitlist: true });
    expect(listed[1].prices.map((p) => [p.cycle, p.amountMinor])).to.deep.equal([['monthly', 1000], ['quarterly', 3000], ['semiannual', 6000], ['annual', 12000]]);
    expect((await listOrderablePlans({ type, currency: 'EUR' })).map((p) => p.id)).to.deep.equal([shown.id]);
  });

  it('when an order is quoted with options, add-ons, a coupon and German VAT, then the lines are exactly what the first invoice will say', async () => {
    await createTaxRate({ country: 'DE', name: 'VAT', rateBp: 1900 });
    clearTaxRateCache();
    const { plan, ram, backups } = await createCatalog();
    const coupon = await createCoupon({ percentBp: 1000 });
    const quote = await quoteOrder({ planId: plan.id, cycle: 'quarterly', currency: 'EUR', options: { [ram.code]: 5 }, addons: [backups.code], couponCode: coupon.code, country: 'DE' }, sys());
    expect(quote.lines.map((l) => [l.kind, l.description, l.quantity, l.amountMinor, l.taxMinor])).to.deep.equal([
      ['plan', 'VPS Small, quarterly', 1, 3000, 570],
      ['setup_fee', 'Setup fee: VPS Small', 1, 500, 95],
      ['option', 'Extra RAM', 3, 1800, 342],
      ['addon', 'Backups', 1, 900, 171],
      ['discount', `Discount ${coupon.code} (10%)`, 1, -620, -118],
    ]);
    expect([quote.subtotalMinor, quote.discountMinor, quote.taxMinor, quote.totalMinor, quote.recurringMinor]).to.deep.equal([6200, 620, 1060, 6640, 5700]);
    expect([quote.stock, quote.requiresReview, quote.couponCode]).to.deep.equal(['in_stock', false, coupon.code]);
  });

  it('when prices include tax, then the quote shows the same gross amounts with the tax inside', async () => {
    await setSetting('billing.tax_mode', 'inclusive', sys());
    const { plan } = await createCatalog({ setupFee: 0 });
    const customer = await createCustomer({}, 'eur');
    const quote = await quoteOrder({ planId: plan.id, cycle: 'monthly', currency: 'EUR', customerId: customer.id }, sys());
    expect(quote.lines.map((l) => [l.unitAmountMinor, l.amountMinor, l.taxMinor])).to.deep.equal([[1000, 840, 160]]);
    expect([quote.taxInclusive, quote.totalMinor]).to.deep.equal([true, 1000]);
    await setSetting('billing.tax_mode', 'exclusive', sys());
  });

  it('when an option is out of its range, not offered, or a hidden plan is ordered by link, then the quote says so or works', async () => {
    const { plan, ram } = await createCatalog();
    expect((await failure(quoteOrder({ planId: plan.id, cycle: 'monthly', currency: 'USD', options: { [ram.code]: 65 } }, sys()))).code).to.equal('option_invalid_quantity');
    expect((await failure(quoteOrder({ planId: plan.id, cycle: 'monthly', currency: 'USD', addons: ['nope'] }, sys()))).code).to.equal('addon_not_offered');
    const hidden = await createPlan({}, 'hidden');
    expect((await quoteOrder({ planId: hidden.id, cycle: 'monthly', currency: 'USD' }, sys())).totalMinor).to.equal(1000);
    const gone = await createPlan({}, 'archived');
    expect((await failure(quoteOrder({ planId: gone.id, cycle: 'monthly', currency: 'USD' }, sys()))).code).to.equal('plan_archived');
  });
});
