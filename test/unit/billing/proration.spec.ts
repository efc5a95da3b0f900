import { expect } from 'chai';
import fc from 'fast-check';
import { money } from '../../../src/billing/money.js';
import { BILLING_CYCLES, addCycles } from '../../../src/billing/periods.js';
import { prorate, prorateCycleChange } from '../../../src/billing/proration.js';
import { dateArb, priceArb, usd } from './arbitraries.js';

const d = (iso: string): Date => new Date(iso);
const minors = (p: { credit: { minor: number }; charge: { minor: number }; net: { minor: number } }): number[] => [
  p.credit.minor,
  p.charge.minor,
  p.net.minor,
];

describe('billing / proration', () => {
  it('when a 30.00 plan is upgraded to 60.00 halfway through April, then half of each is credited and charged', () => {
    const p = prorate({
      oldPrice: usd(3000),
      newPrice: usd(6000),
      periodStart: d('2024-04-01T00:00:00Z'),
      periodEnd: d('2024-05-01T00:00:00Z'),
      at: d('2024-04-16T10:00:00Z'),
    });
    expect([p.daysRemaining, p.daysInPeriod]).to.deep.equal([15, 30]);
    expect(minors(p)).to.deep.equal([-1500, 3000, 1500]);
  });

  it('when the period is a 29-day February, then proration counts its real days, not 30', () => {
    const p = prorate({
      oldPrice: usd(2900),
      newPrice: usd(5800),
      periodStart: d('2024-02-01T00:00:00Z'),
      periodEnd: d('2024-03-01T00:00:00Z'),
      at: d('2024-02-15T00:00:00Z'),
    });
    expect([p.daysRemaining, p.daysInPeriod]).to.deep.equal([15, 29]);
    expect(minors(p)).to.deep.equal([-1500, 3000, 1500]);
  });

  it('when a plan is downgraded, then the net is a credit to the customer', () => {
    const p = prorate({
      oldPrice: usd(6000),
      newPrice: usd(3000),
      periodStart: d('2024-04-01T00:00:00Z'),
      periodEnd: d('2024-05-01T00:00:00Z'),
      at: d('2024-04-21T00:00:00Z'),
    });
    expect(minors(p)).to.deep.equal([-2000, 1000, -1000]);
  });

  it('when the change happens on the first day, then the whole old price is credited', () => {
    const p = prorate({
      oldPrice: usd(999),
      newPrice: usd(1999),
      periodStart: d('2024-01-31T08:00:00Z'),
      periodEnd: d('2024-02-29T08:00:00Z'),
      at: d('2024-01-31T20:00:00Z'),
    });
    expect(minors(p)).to.deep.equal([-999, 1999, 1000]);
  });

  it('when shares fall between cents, then the net is rounded once and the charge absorbs the difference', () => {
    const p = prorate({
      oldPrice: usd(1000),
      newPrice: usd(2000),
      periodStart: d('2024-01-01T00:00:00Z'),
      periodEnd: d('2024-02-01T00:00:00Z'),
      at: d('2024-01-22T00:00:00Z'),
    });
    expect([p.daysRemaining, p.daysInPeriod]).to.deep.equal([10, 31]);
    expect(minors(p)).to.deep.equal([-323, 646, 323]);
  });

  it('when the date is outside the period or prices are wrong, then proration is refused', () => {
    const base = { oldPrice: usd(100), newPrice: usd(200), periodStart: d('2024-01-01T00:00:00Z'), periodEnd: d('2024-02-01T00:00:00Z') };
    expect(() => prorate({ ...base, at: d('2024-02-02T00:00:00Z') })).to.throw(/inside the current period/);
    expect(() => prorate({ ...base, at: d('2023-12-31T00:00:00Z') })).to.throw(/inside the current period/);
    expect(() => prorate({ ...base, newPrice: money(200, 'EUR'), at: d('2024-01-10T00:00:00Z') })).to.throw(/Currency mismatch/);
    expect(() => prorate({ ...base, oldPrice: usd(-1), at: d('2024-01-10T00:00:00Z') })).to.throw(/non-negative/);
    expect(() => prorate({ ...base, periodEnd: base.periodStart, at: base.periodStart })).to.throw(/at least one day/);
  });

  it('when any plan change is prorated, then credit + charge never exceeds the full-period price difference', () => {
    fc.assert(
      fc.property(
        priceArb(),
        priceArb(),
        dateArb,
        fc.constantFrom(...BILLING_CYCLES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (oldPrice, newPrice, periodStart, cycle, fraction) => {
          const periodEnd = addCycles(periodStart, cycle, 1);
          const span = periodEnd.getTime() - periodStart.getTime();
          const at = new Date(periodStart.getTime() + Math.floor(span * fraction));
          const p = prorate({ oldPrice, newPrice, periodStart, periodEnd, at });
          expect(p.credit.minor + p.charge.minor).to.equal(p.net.minor);
          expect(Math.abs(p.net.minor)).to.be.at.most(Math.abs(newPrice.minor - oldPrice.minor));
          expect(-p.credit.minor).to.be.within(0, oldPrice.minor);
          expect(p.charge.minor).to.be.within(0, newPrice.minor);
          expect(p.daysRemaining).to.be.within(0, p.daysInPeriod);
          const exactCharge = (newPrice.minor * p.daysRemaining) / p.daysInPeriod;
          expect(Math.abs(p.charge.minor - exactCharge)).to.be.at.most(1);
        },
      ),
    );
  });

  it('when a monthly plan switches to annual, then unused days are credited and the new year is charged in full', () => {
    const c = prorateCycleChange({
      oldPrice: usd(1000),
      newCyclePrice: usd(10000),
      newCycle: 'annual',
      periodStart: d('2024-04-01T00:00:00Z'),
      periodEnd: d('2024-05-01T00:00:00Z'),
      at: d('2024-04-21T06:00:00Z'),
    });
    expect(minors(c)).to.deep.equal([-333, 10000, 9667]);
    expect(c.newPeriod.start.toISOString()).to.equal('2024-04-21T06:00:00.000Z');
    expect(c.newPeriod.end.toISOString()).to.equal('2025-04-21T06:00:00.000Z');
  });

  it('when an annual plan switches to monthly early, then the net is a credit left to the account', () => {
    const c = prorateCycleChange({
      oldPrice: usd(36600),
      newCyclePrice: usd(3500),
      newCycle: 'monthly',
      periodStart: d('2024-01-01T00:00:00Z'),
      periodEnd: d('2025-01-01T00:00:00Z'),
      at: d('2024-07-01T00:00:00Z'),
    });
    expect([c.daysRemaining, c.daysInPeriod]).to.deep.equal([184, 366]);
    expect(minors(c)).to.deep.equal([-18400, 3500, -14900]);
    expect(c.newPeriod.end.toISOString()).to.equal('2024-08-01T00:00:00.000Z');
  });
});
