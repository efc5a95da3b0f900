import { expect } from 'chai';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { cancelSubscription } from '../../../src/billing/subscriptions/cancel-subscription.js';
import { changePlan } from '../../../src/billing/subscriptions/change-plan.js';
import { Invoice, Subscription } from '../../../src/models/index.js';
import type { BillingCycle } from '../../../src/models/enums.js';
import { createTaxRate } from '../../factories/billing.js';
import { createCoupon } from '../../factories/catalog.js';
import { createCustomer } from '../../factories/identity.js';
import { asCustomer, freshEngine } from '../../integration/billing/orders/support.js';
import { pay, renewNow } from '../../integration/billing/renewals/support.js';
import { addMonths, days, invoice, type Line, prorate, tax, ymd } from './oracle.js';
import { BIG, type Billing, MONTHS, SETUP, SMALL, at, invoicesOf, ledger, lines, panelActions, scenarioPlans, useTaxMode } from './support.js';

const START = new Date('2025-01-31T10:00:00.000Z');
const DAY = 86_400_000;
const LABEL: Record<BillingCycle, string> = { monthly: 'monthly', quarterly: 'quarterly', semiannual: 'semi-annual', annual: 'annual' };
const BILLINGS: Billing[] = [
  { currency: 'USD', rateBp: 825, inclusive: false },
  { currency: 'USD', rateBp: 825, inclusive: true },
  { currency: 'EUR', rateBp: 1900, inclusive: false },
  { currency: 'EUR', rateBp: 1900, inclusive: true },
];

describe('Scenario: a subscription lives through its whole life, for every cycle, currency and tax mode', () => {
  let plans: { small: number; big: number };
  before(async () => {
    await freshEngine(START.toISOString());
    await createTaxRate({ country: 'US', region: 'TX', name: 'Sales tax', rateBp: 825 });
    await createTaxRate({ country: 'DE', name: 'VAT', rateBp: 1900 });
    plans = await scenarioPlans();
  });

  for (const cycle of Object.keys(MONTHS) as BillingCycle[]) {
    for (const billing of BILLINGS) {
      const mode = billing.inclusive ? 'tax included' : 'tax on top';
      it(`when ${cycle === 'annual' ? 'an' : 'a'} ${cycle} VPS is ordered on Jan 31 in ${billing.currency} (${mode}) with a 3-period coupon, upgraded, downgraded and cancelled, then every invoice and ledger row is right to the cent`, async () => {
        await useTaxMode(billing.inclusive);
        at(START);
        const m = MONTHS[cycle];
        const ends = [1, 2, 3, 4].map((k) => addMonths(START, m * k, 31));
        const periodOf = (k: number): [Date, Date] => [k === 0 ? START : ends[k - 1], ends[k]];
        const customer = await createCustomer({}, ...(billing.currency === 'EUR' ? (['eur'] as const) : []));
        const coupon = await createCoupon({ percentBp: 1000 }, 'repeating');
        const opts = { rateBp: billing.rateBp, inclusive: billing.inclusive };
        const discounted = { ...opts, couponCode: coupon.code, percentBp: 1000 };
        const expected: Array<{ lines: Line[]; total: number }> = [];

        // Jan 31: the order, its first invoice (plan + setup fee - 10%), paid at once: the first period starts now.
        const placed = await placeOrder({ customerId: customer.id, currency: billing.currency, couponCode: coupon.code, items: [{ planId: plans.small, cycle }] }, asCustomer(customer));
        expected.push(invoice([['plan', `VPS Small, ${LABEL[cycle]}`, SMALL * m], ['setup_fee', 'Setup fee: VPS Small', SETUP]], discounted));
        await pay(placed.invoice!);
        const sub = await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true });
        expect([sub.status, sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['active', ends[0].toISOString()]);

        const renew = async (k: number, plan: string, price: number, withCoupon: boolean): Promise<void> => {
          at(new Date(ends[k - 1].getTime() - 7 * DAY));
          await renewNow();
          const [start, end] = periodOf(k);
          expected.push(invoice([['plan', `${plan}, ${LABEL[cycle]}, ${ymd(start)} to ${ymd(end)}`, price]], withCoupon ? discounted : opts));
          const renewal = await Invoice.findOne({ where: { subscriptionId: sub.id, kind: 'renewal', periodStart: start }, rejectOnEmpty: true });
          await pay(renewal);
          at(new Date(ends[k - 1].getTime() + 1000));
          await renewNow();
        };
        const middleOf = (k: number): Date => {
          const [start, end] = periodOf(k);
          return new Date(start.getTime() + Math.floor(days(start, end) / 2) * DAY);
        };

        // Period 2 renews with the coupon; halfway through it the customer upgrades (prorated by days, paid at once).
        await renew(1, 'VPS Small', SMALL * m, true);
        const upgradeAt = middleOf(1);
        at(upgradeAt);
        const upgrade = await changePlan({ subscriptionId: sub.id, newPlanId: plans.big }, asCustomer(customer));
        const p = prorate(SMALL * m, BIG * m, ends[0], ends[1], upgradeAt);
        expected.push(invoice([['proration', `Unused time on VPS Small, ${ymd(upgradeAt)} to ${ymd(ends[1])}`, p.credit], ['proration', `Remaining time on VPS Big, ${ymd(upgradeAt)} to ${ymd(ends[1])}`, p.charge]], opts));
        await pay(upgrade.invoice!);

        // Period 3 renews Big with the coupon's last period; halfway through it the customer downgrades at period end.
        await renew(2, 'VPS Big', BIG * m, true);
        at(middleOf(2));
        expect((await changePlan({ subscriptionId: sub.id, newPlanId: plans.small }, asCustomer(customer))).preview.timing).to.equal('period_end');

        // Period 4 renews Small at full price (the coupon is used up); the customer cancels at its end.
        await renew(3, 'VPS Small', SMALL * m, false);
        expect((await sub.reload()).planId).to.equal(plans.small);
        at(middleOf(3));
        await cancelSubscription({ subscriptionId: sub.id, mode: 'period_end', reason: 'Moving to our own hardware' }, asCustomer(customer));
        at(new Date(ends[3].getTime() - 7 * DAY));
        await renewNow();
        at(new Date(ends[3].getTime() + 1000));
        await renewNow();

        const issued = await invoicesOf(customer.id);
        expect(issued.map((i) => i.kind)).to.deep.equal(['order', 'renewal', 'proration', 'renewal', 'renewal']);
        for (let i = 0; i < issued.length; i += 1) {
          expect(await lines(issued[i]), `invoice ${i + 1} (${issued[i].kind})`).to.deep.equal(expected[i].lines);
          expect([Number(issued[i].totalMinor), issued[i].status, issued[i].currency], `invoice ${i + 1} totals`).to.deep.equal([expected[i].total, 'paid', billing.currency]);
        }
        expect(await ledger(customer.id)).to.deep.equal(issued.map((i, k) => ['payment', i.id, expected[k].total]));
        await sub.reload();
        expect([sub.status, sub.planId, sub.couponPeriodsRemaining, sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['cancelled', plans.small, 0, ends[3].toISOString()]);
        expect(await panelActions(sub.id)).to.deep.equal(['create', 'terminate']);
        // Sanity of the oracle itself: the tax of a line is what the mode says.
        expect(tax(SMALL, billing.rateBp, billing.inclusive).net + (billing.inclusive ? tax(SMALL, billing.rateBp, true).tax : 0)).to.equal(SMALL);
      });
    }
  }
});
