import { expect } from 'chai';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { changePlan } from '../../../src/billing/subscriptions/change-plan.js';
import { Invoice, Subscription } from '../../../src/models/index.js';
import { createTaxRate } from '../../factories/billing.js';
import { createCoupon } from '../../factories/catalog.js';
import { createCustomer } from '../../factories/identity.js';
import { asCustomer, freshEngine } from '../../integration/billing/orders/support.js';
import { pay, renewNow } from '../../integration/billing/renewals/support.js';
import { at, invoicesOf, ledger, lines, scenarioPlans, useTaxMode } from './support.js';

describe('Scenario: a monthly VPS anchored on Jan 31, in dollars with Texas sales tax on top (hand-checked figures)', () => {
  before(() => freshEngine('2025-01-31T10:00:00.000Z'));

  it('when it renews Feb 28, Mar 31 and Apr 30, is upgraded on Mar 15 and keeps a 10% coupon for 3 periods, then each invoice is what we worked out by hand', async () => {
    await createTaxRate({ country: 'US', region: 'TX', name: 'Sales tax', rateBp: 825 });
    const plans = await scenarioPlans();
    await useTaxMode(false);
    at('2025-01-31T10:00:00.000Z');
    const customer = await createCustomer();
    const coupon = await createCoupon({ code: 'THREEMONTHS', percentBp: 1000 }, 'repeating');
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', couponCode: coupon.code, items: [{ planId: plans.small, cycle: 'monthly' }] }, asCustomer(customer));
    await pay(placed.invoice!);
    const sub = await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true });
    const renewAndRoll = async (issueAt: string, endAt: string) => {
      at(issueAt);
      await renewNow();
      const renewal = await Invoice.findOne({ where: { subscriptionId: sub.id, kind: 'renewal' }, order: [['id', 'DESC']], rejectOnEmpty: true });
      await pay(renewal);
      at(endAt);
      await renewNow();
    };
    await renewAndRoll('2025-02-21T10:00:00.000Z', '2025-02-28T10:00:01.000Z');
    at('2025-03-15T10:00:00.000Z');
    const upgrade = await changePlan({ subscriptionId: sub.id, newPlanId: plans.big }, asCustomer(customer));
    await pay(upgrade.invoice!);
    await renewAndRoll('2025-03-24T10:00:00.000Z', '2025-03-31T10:00:01.000Z');
    await renewAndRoll('2025-04-23T10:00:00.000Z', '2025-04-30T10:00:01.000Z');

    const [order, feb, proration, mar, apr] = await invoicesOf(customer.id);
    // 12.99 + 5.00 setup, 10% off 17.99 = 1.80 (rounded half up), 8.25% tax per line: 1.07 + 0.41 - 0.15.
    expect(await lines(order)).to.deep.equal([
      ['plan', 'VPS Small, monthly', 1, 1299, 1299, 107],
      ['setup_fee', 'Setup fee: VPS Small', 1, 500, 500, 41],
      ['discount', 'Discount THREEMONTHS (10%)', 1, -180, -180, -15],
    ]);
    expect(await lines(feb)).to.deep.equal([
      ['plan', 'VPS Small, monthly, 2025-02-28 to 2025-03-31', 1, 1299, 1299, 107],
      ['discount', 'Discount THREEMONTHS (10%)', 1, -130, -130, -11],
    ]);
    // Mar 15 to Mar 31 is 16 of the period's 31 days: -12.99 x 16/31 = -6.70, net (24.99 - 12.99) x 16/31 = 6.19.
    expect(await lines(proration)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-03-15 to 2025-03-31', 1, -670, -670, -55],
      ['proration', 'Remaining time on VPS Big, 2025-03-15 to 2025-03-31', 1, 1289, 1289, 106],
    ]);
    expect(await lines(mar)).to.deep.equal([
      ['plan', 'VPS Big, monthly, 2025-03-31 to 2025-04-30', 1, 2499, 2499, 206],
      ['discount', 'Discount THREEMONTHS (10%)', 1, -250, -250, -21],
    ]);
    expect(await lines(apr)).to.deep.equal([['plan', 'VPS Big, monthly, 2025-04-30 to 2025-05-31', 1, 2499, 2499, 206]]);
    expect([order, feb, proration, mar, apr].map((i) => [Number(i.totalMinor), i.dueAt?.toISOString().slice(0, 10)])).to.deep.equal([
      [1752, '2025-02-07'], [1265, '2025-02-28'], [670, '2025-03-22'], [2434, '2025-03-31'], [2705, '2025-04-30'],
    ]);
    expect(await ledger(customer.id)).to.deep.equal([
      ['payment', order.id, 1752], ['payment', feb.id, 1265], ['payment', proration.id, 670], ['payment', mar.id, 2434], ['payment', apr.id, 2705],
    ]);
    await sub.reload();
    expect([sub.currentPeriodStart?.toISOString(), sub.currentPeriodEnd?.toISOString(), sub.couponPeriodsRemaining]).to.deep.equal(['2025-04-30T10:00:00.000Z', '2025-05-31T10:00:00.000Z', 0]);
  });
});
