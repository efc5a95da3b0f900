import { expect } from 'chai';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { cancelSubscription } from '../../../src/billing/subscriptions/cancel-subscription.js';
import { changePlan } from '../../../src/billing/subscriptions/change-plan.js';
import { type Coupon, type Customer, Invoice, Subscription } from '../../../src/models/index.js';
import type { BillingCycle } from '../../../src/models/enums.js';
import { createTaxRate } from '../../factories/billing.js';
import { createCoupon } from '../../factories/catalog.js';
import { createCustomer } from '../../factories/identity.js';
import { asCustomer, freshEngine } from '../../integration/billing/orders/support.js';
import { pay, renewNow } from '../../integration/billing/renewals/support.js';
import { addMonths, days, invoice, type Line, prorate, tax, ymd } from './oracle.js';
import { BIG, type Billing, MONTHS, SETUP, SMALL, at, invoicesOf, ledger, lines, panelActions, redemptions, scenarioPlans, useTaxMode } from './support.js';

const START = new Date('2025-01-31T10:00:00.000Z');
const DAY = 86_400_000;
const LABEL: Record<BillingCycle, string> = { monthly: 'monthly', quarterly: 'quarterly', semiannual: 'semi-annual', annual: 'annual' };
/** Periods each cycle lives through: at least four (for the story) and whole years (twelve months, four quarters). */
const PERIODS: Record<BillingCycle, number> = { monthly: 12, quarterly: 4, semiannual: 4, annual: 4 };
const YEARS = (cycle: BillingCycle): number => (PERIODS[cycle] * MONTHS[cycle]) / 12;
/** A Texan customer paying in dollars and a German one paying in euros, living the same dates side by side. */
const CUSTOMERS: ReadonlyArray<Omit<Billing, 'inclusive'>> = [
  { currency: 'USD', rateBp: 825 },
  { currency: 'EUR', rateBp: 1900 },
];

/** One customer's subscription through the scenario, with the invoices the oracle expects of it. */
interface Life {
  readonly billing: Billing;
  readonly customer: Customer;
  readonly coupon: Coupon;
  readonly sub: Subscription;
  readonly expected: Array<{ lines: Line[]; total: number }>;
}

describe('Scenario: subscriptions live through whole years, for every cycle, in dollars and euros, with tax on top and included', () => {
  let plans: { small: number; big: number };
  before(async () => {
    await freshEngine(START.toISOString());
    await createTaxRate({ country: 'US', region: 'TX', name: 'Sales tax', rateBp: 825 });
    await createTaxRate({ country: 'DE', name: 'VAT', rateBp: 1900 });
    plans = await scenarioPlans();
  });

  for (const cycle of Object.keys(MONTHS) as BillingCycle[]) {
    for (const inclusive of [false, true]) {
      const mode = inclusive ? 'tax included' : 'tax on top';
      const years = YEARS(cycle);
      it(`when ${cycle === 'annual' ? 'an' : 'a'} ${cycle} VPS is ordered on Jan 31 in USD and in EUR (${mode}) with a 3-period coupon, upgraded, downgraded, renewed for ${years} year${years > 1 ? 's' : ''} and cancelled, then every invoice, ledger row and redemption is right to the cent`, async () => {
        await useTaxMode(inclusive);
        at(START);
        const m = MONTHS[cycle];
        const last = PERIODS[cycle] - 1;
        const ends = Array.from({ length: PERIODS[cycle] }, (_, k) => addMonths(START, m * (k + 1), 31));
        const periodOf = (k: number): [Date, Date] => [k === 0 ? START : ends[k - 1], ends[k]];
        const middleOf = (k: number): Date => {
          const [start, end] = periodOf(k);
          return new Date(start.getTime() + Math.floor(days(start, end) / 2) * DAY);
        };
        const optsOf = (life: Pick<Life, 'billing'>) => ({ rateBp: life.billing.rateBp, inclusive });
        const discountedOf = (life: Pick<Life, 'billing' | 'coupon'>) => ({ ...optsOf(life), couponCode: life.coupon.code, percentBp: 1000 });

        // Jan 31: each order, its first invoice (plan + setup fee - 10%), paid at once: the first period starts now.
        const lives: Life[] = [];
        for (const who of CUSTOMERS) {
          const billing: Billing = { ...who, inclusive };
          const customer = await createCustomer({}, ...(billing.currency === 'EUR' ? (['eur'] as const) : []));
          const coupon = await createCoupon({ percentBp: 1000 }, 'repeating');
          const placed = await placeOrder({ customerId: customer.id, currency: billing.currency, couponCode: coupon.code, items: [{ planId: plans.small, cycle }] }, asCustomer(customer));
          await pay(placed.invoice!);
          const sub = await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true });
          expect([sub.status, sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['active', ends[0].toISOString()]);
          const life: Life = { billing, customer, coupon, sub, expected: [] };
          life.expected.push(invoice([['plan', `VPS Small, ${LABEL[cycle]}`, SMALL * m], ['setup_fee', 'Setup fee: VPS Small', SETUP]], discountedOf(life)));
          lives.push(life);
        }

        // One billing:renew run a week before the period ends invoices both customers; each pays; the next run rolls them on.
        const renew = async (k: number, plan: string, price: number, withCoupon: boolean): Promise<void> => {
          at(new Date(ends[k - 1].getTime() - 7 * DAY));
          await renewNow();
          const [start, end] = periodOf(k);
          for (const life of lives) {
            life.expected.push(invoice([['plan', `${plan}, ${LABEL[cycle]}, ${ymd(start)} to ${ymd(end)}`, price]], withCoupon ? discountedOf(life) : optsOf(life)));
            await pay(await Invoice.findOne({ where: { subscriptionId: life.sub.id, kind: 'renewal', periodStart: start }, rejectOnEmpty: true }));
          }
          at(new Date(ends[k - 1].getTime() + 1000));
          await renewNow();
        };

        // Period 2 renews with the coupon; halfway through it each customer upgrades (prorated by days, paid at once).
        await renew(1, 'VPS Small', SMALL * m, true);
        const upgradeAt = middleOf(1);
        at(upgradeAt);
        const p = prorate(SMALL * m, BIG * m, ends[0], ends[1], upgradeAt);
        for (const life of lives) {
          const upgrade = await changePlan({ subscriptionId: life.sub.id, newPlanId: plans.big }, asCustomer(life.customer));
          life.expected.push(invoice([['proration', `Unused time on VPS Small, ${ymd(upgradeAt)} to ${ymd(ends[1])}`, p.credit], ['proration', `Remaining time on VPS Big, ${ymd(upgradeAt)} to ${ymd(ends[1])}`, p.charge]], optsOf(life)));
          await pay(upgrade.invoice!);
        }

        // Period 3 renews Big with the coupon's last period; halfway through it each customer downgrades at period end.
        await renew(2, 'VPS Big', BIG * m, true);
        at(middleOf(2));
        for (const life of lives) {
          expect((await changePlan({ subscriptionId: life.sub.id, newPlanId: plans.small }, asCustomer(life.customer))).preview.timing).to.equal('period_end');
        }

        // Period 4 renews Small at full price (the coupon is used up), and so does every period after it
        // until the last one, in the middle of which each customer cancels at its end.
        for (let k = 3; k <= last; k += 1) await renew(k, 'VPS Small', SMALL * m, false);
        at(middleOf(last));
        for (const life of lives) {
          expect((await life.sub.reload()).planId).to.equal(plans.small);
          await cancelSubscription({ subscriptionId: life.sub.id, mode: 'period_end', reason: 'Moving to our own hardware' }, asCustomer(life.customer));
        }
        at(new Date(ends[last].getTime() - 7 * DAY));
        await renewNow();
        at(new Date(ends[last].getTime() + 1000));
        await renewNow();
        await renewNow();

        for (const { billing, customer, coupon, sub, expected } of lives) {
          const who = `${billing.currency} customer`;
          const issued = await invoicesOf(customer.id);
          expect(issued.map((i) => i.kind), who).to.deep.equal(['order', 'renewal', 'proration', ...Array<string>(last - 1).fill('renewal')]);
          for (let i = 0; i < issued.length; i += 1) {
            expect(await lines(issued[i]), `${who}, invoice ${i + 1} (${issued[i].kind})`).to.deep.equal(expected[i].lines);
            expect([Number(issued[i].totalMinor), issued[i].status, issued[i].currency], `${who}, invoice ${i + 1} totals`).to.deep.equal([expected[i].total, 'paid', billing.currency]);
          }
          expect(await ledger(customer.id), who).to.deep.equal(issued.map((i, k) => ['payment', i.id, expected[k].total]));
          // The coupon is one use (the order) and two renewals it kept discounting, each written down once.
          const discountOf = (k: number): number => -(expected[k].lines.find((l) => l[0] === 'discount')?.[3] ?? 0);
          expect(await redemptions(coupon.id), who).to.deep.equal([
            [issued[0].id, false, discountOf(0)],
            [issued[1].id, true, discountOf(1)],
            [issued[3].id, true, discountOf(3)],
          ]);
          expect((await coupon.reload()).timesRedeemed, who).to.equal(1);
          await sub.reload();
          expect([sub.status, sub.planId, sub.couponPeriodsRemaining, sub.currentPeriodEnd?.toISOString()], who).to.deep.equal(['cancelled', plans.small, 0, ends[last].toISOString()]);
          expect(sub.currentPeriodEnd?.toISOString(), who).to.equal(addMonths(START, 12 * years, 31).toISOString());
          expect([...new Set(await panelActions(sub.id))], who).to.deep.equal(['create', 'change_plan', 'terminate']);
          // Sanity of the oracle itself: the tax of a line is what the mode says.
          expect(tax(SMALL, billing.rateBp, inclusive).net + (inclusive ? tax(SMALL, billing.rateBp, true).tax : 0)).to.equal(SMALL);
        }
      });
    }
  }
});
