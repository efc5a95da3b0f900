import { expect } from 'chai';
import fc from 'fast-check';
import type { Configuration } from '../../../../src/billing/catalog/configuration.js';
import { recurringTotal } from '../../../../src/billing/catalog/configuration.js';
import { BILLING_CYCLES, addCycles, periodEnd } from '../../../../src/billing/periods.js';
import { planChangeLines } from '../../../../src/billing/subscriptions/plan-change-math.js';

const cycleArb = fc.constantFrom(...BILLING_CYCLES);
const priceArb = fc.integer({ min: 0, max: 5_000_000 });

/** A configuration: a plan price, up to three options above what is included, up to two add-ons. */
const configArb = (planId: number) =>
  fc.record({
    price: priceArb,
    options: fc.array(fc.record({ qty: fc.integer({ min: 0, max: 64 }), unit: fc.integer({ min: 0, max: 50_000 }) }), { maxLength: 3 }),
    addons: fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 2 }),
  }).map(
    (c): Configuration => ({
      plan: { id: planId, name: `Plan ${planId}`, type: 'vps', taxable: true },
      cycle: 'monthly',
      currency: 'USD',
      priceMinor: c.price,
      setupFeeMinor: 0,
      options: c.options.map((o, i) => ({ optionId: i + 1, name: `Option ${i}`, quantity: o.qty, chargeable: o.qty, choice: null, choiceLabel: null, unitPriceMinor: o.unit, setupFeeMinor: 0 })),
      addons: c.addons.map((p, i) => ({ addonId: i + 1, name: `Add-on ${i}`, quantity: 1, priceMinor: p, setupFeeMinor: 0 })),
    }),
  );

/** A period of a subscription anchored on any day of any month (1999-2100), and a moment inside it. */
const periodArb = fc
  .record({ start: fc.date({ min: new Date('1999-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), cycle: cycleArb, fraction: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ start, cycle, fraction }) => {
    const s = new Date(Math.floor(start.getTime() / 1000) * 1000);
    const end = periodEnd(s, cycle);
    return { cycle, start: s, end, at: new Date(s.getTime() + Math.floor((end.getTime() - s.getTime()) * fraction)) };
  });

describe('billing / properties / plan change proration', () => {
  it('when a plan changes mid-period in the same cycle, then credit + charge never exceeds a full period difference, and neither exceeds its own price', () => {
    fc.assert(
      fc.property(configArb(1), configArb(2), periodArb, (a, b, p) => {
        const current = { ...a, cycle: p.cycle };
        const next = { ...b, cycle: p.cycle };
        const math = planChangeLines({ subscriptionId: 1, current, next, periodStart: p.start, periodEnd: p.end, at: p.at });
        const oldTotal = recurringTotal(current).minor;
        const newTotal = recurringTotal(next).minor;
        const sum = math.lines.reduce((n, l) => n + l.unitAmountMinor * (l.quantity ?? 1), 0);
        expect(sum).to.equal(math.netMinor);
        expect(Math.abs(sum)).to.be.at.most(Math.abs(newTotal - oldTotal));
        const credit = math.lines.find((l) => l.description.startsWith('Unused'))?.unitAmountMinor ?? 0;
        const charge = math.lines.find((l) => l.description.startsWith('Remaining'))?.unitAmountMinor ?? 0;
        expect(credit).to.be.at.most(0).and.at.least(-oldTotal);
        expect(charge).to.be.at.least(0).and.at.most(newTotal);
        expect(math.lines.every((l) => l.unitAmountMinor !== 0)).to.equal(true);
      }),
      { numRuns: 500 },
    );
  });

  it('when a change happens on the first day of a period, then the whole old price is credited and the whole new one charged', () => {
    fc.assert(
      fc.property(configArb(1), configArb(2), periodArb, (a, b, p) => {
        const math = planChangeLines({ subscriptionId: 1, current: { ...a, cycle: p.cycle }, next: { ...b, cycle: p.cycle }, periodStart: p.start, periodEnd: p.end, at: p.start });
        expect(math.netMinor).to.equal(recurringTotal(b).minor - recurringTotal(a).minor);
      }),
      { numRuns: 200 },
    );
  });

  it('when the cycle changes, then the unused old period is credited (never more than it cost) and the new cycle is charged in full from the change', () => {
    fc.assert(
      fc.property(configArb(1), configArb(2), periodArb, cycleArb, (a, b, p, newCycle) => {
        fc.pre(newCycle !== p.cycle);
        const next = { ...b, cycle: newCycle };
        const math = planChangeLines({ subscriptionId: 1, current: { ...a, cycle: p.cycle }, next, periodStart: p.start, periodEnd: p.end, at: p.at });
        const credit = math.lines.filter((l) => l.kind === 'proration').reduce((n, l) => n + l.unitAmountMinor, 0);
        const charged = math.lines.filter((l) => l.kind !== 'proration').reduce((n, l) => n + l.unitAmountMinor * (l.quantity ?? 1), 0);
        expect(credit).to.be.at.most(0).and.at.least(-recurringTotal(a).minor);
        expect(charged).to.equal(recurringTotal(next).minor);
        expect(math.newPeriod?.start.getTime()).to.equal(p.at.getTime());
        expect(math.newPeriod?.end.getTime()).to.equal(addCycles(p.at, newCycle, 1).getTime());
      }),
      { numRuns: 300 },
    );
  });
});
