import { expect } from 'chai';
import fc from 'fast-check';
import {
  BILLING_CYCLES,
  CYCLE_MONTHS,
  addCycles,
  daysBetween,
  daysInMonth,
  nextPeriod,
  periodContaining,
  periodEnd,
} from '../../../src/billing/periods.js';
import { dateArb } from './arbitraries.js';

const d = (iso: string): Date => new Date(iso);
const day = (date: Date): string => date.toISOString().slice(0, 10);

/** Walks period after period from `start`, each computed from the previous end (how renewals do it). */
function walk(start: Date, cycle: (typeof BILLING_CYCLES)[number], count: number): string[] {
  const out: string[] = [];
  let at = start;
  for (let i = 0; i < count; i += 1) {
    at = periodEnd(at, cycle, start.getUTCDate());
    out.push(day(at));
  }
  return out;
}

describe('billing / periods', () => {
  it('when a monthly subscription starts on Jan 31, then it renews on the last day of short months and back on the 31st', () => {
    expect(walk(d('2023-01-31T00:00:00Z'), 'monthly', 14)).to.deep.equal([
      '2023-02-28', '2023-03-31', '2023-04-30', '2023-05-31', '2023-06-30', '2023-07-31', '2023-08-31',
      '2023-09-30', '2023-10-31', '2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31',
    ]);
  });

  it('when quarterly, semiannual and annual subscriptions start at month ends, then each period keeps the anchor day', () => {
    expect(walk(d('2023-11-30T00:00:00Z'), 'quarterly', 5)).to.deep.equal([
      '2024-02-29', '2024-05-30', '2024-08-30', '2024-11-30', '2025-02-28',
    ]);
    expect(walk(d('2023-08-31T00:00:00Z'), 'semiannual', 5)).to.deep.equal([
      '2024-02-29', '2024-08-31', '2025-02-28', '2025-08-31', '2026-02-28',
    ]);
    expect(walk(d('2024-02-29T00:00:00Z'), 'annual', 5)).to.deep.equal([
      '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29', '2029-02-28',
    ]);
    expect(walk(d('2099-01-31T00:00:00Z'), 'annual', 2)).to.deep.equal(['2100-01-31', '2101-01-31']);
    expect(day(addCycles(d('2100-01-31T00:00:00Z'), 'monthly', 1))).to.equal('2100-02-28');
  });

  it('when Jan 31 anchors any cycle over several years, then every period starts on day 31 or the last day of its month', () => {
    for (const cycle of BILLING_CYCLES) {
      const anchor = d('2023-01-31T09:15:00Z');
      for (let k = 0; k <= 96 / CYCLE_MONTHS[cycle]; k += 1) {
        const start = addCycles(anchor, cycle, k);
        const expectedDay = Math.min(31, daysInMonth(start.getUTCFullYear(), start.getUTCMonth()));
        expect(start.getUTCDate(), `${cycle} #${k}`).to.equal(expectedDay);
        expect(start.toISOString().slice(10), `${cycle} #${k}`).to.equal('T09:15:00.000Z');
        if (start.getUTCMonth() === 1) expect(start.getUTCDate()).to.equal(start.getUTCFullYear() % 4 === 0 ? 29 : 28);
      }
    }
  });

  it('when any anchor renews any number of times, then the dates never drift and keep the time of day', () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...BILLING_CYCLES), fc.integer({ min: 0, max: 40 }), (anchor, cycle, k) => {
        const anchorDay = anchor.getUTCDate();
        const direct = addCycles(anchor, cycle, k);
        let stepped = anchor;
        for (let i = 0; i < k; i += 1) stepped = periodEnd(stepped, cycle, anchorDay);
        expect(stepped.getTime()).to.equal(direct.getTime());
        const months = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + k * CYCLE_MONTHS[cycle];
        expect(direct.getUTCFullYear() * 12 + direct.getUTCMonth()).to.equal(months);
        expect(direct.getUTCDate()).to.equal(Math.min(anchorDay, daysInMonth(direct.getUTCFullYear(), direct.getUTCMonth())));
        expect(direct.getTime() % 86_400_000).to.equal(anchor.getTime() % 86_400_000);
      }),
    );
  });

  it('when month lengths are asked for, then they follow the Gregorian leap-year rule', () => {
    expect([2023, 2024, 1900, 2000, 2100].map((y) => daysInMonth(y, 1))).to.deep.equal([28, 29, 28, 29, 28]);
    expect(Array.from({ length: 12 }, (_, m) => daysInMonth(2025, m))).to.deep.equal([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it('when the time of day is not midnight, then the period end keeps it', () => {
    expect(periodEnd(d('2024-01-31T14:30:15.123Z'), 'monthly').toISOString()).to.equal('2024-02-29T14:30:15.123Z');
  });

  it('when the next period is asked for, then it follows the current one without a gap', () => {
    const next = nextPeriod(d('2024-01-31T00:00:00Z'), 'monthly');
    expect(next.start.toISOString()).to.equal('2024-02-29T00:00:00.000Z');
    expect(next.end.toISOString()).to.equal('2024-03-31T00:00:00.000Z');
    const after = nextPeriod(next.start, 'monthly', 31);
    expect(after.start.toISOString()).to.equal(next.end.toISOString());
  });

  it('when a date falls on a period boundary, then it belongs to the period that starts there', () => {
    const anchor = d('2024-01-31T12:00:00Z');
    const p = periodContaining(anchor, 'monthly', d('2024-02-29T12:00:00Z'));
    expect([p.index, day(p.start), day(p.end)]).to.deep.equal([1, '2024-02-29', '2024-03-31']);
    const before = periodContaining(anchor, 'monthly', d('2024-02-29T11:59:59.999Z'));
    expect([before.index, day(before.start), day(before.end)]).to.deep.equal([0, '2024-01-31', '2024-02-29']);
  });

  it('when any date is looked up, then the containing period starts at or before it and ends after it', () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...BILLING_CYCLES), dateArb, (anchor, cycle, at) => {
        const p = periodContaining(anchor, cycle, at);
        expect(p.start.getTime()).to.be.at.most(at.getTime());
        expect(p.end.getTime()).to.be.greaterThan(at.getTime());
        expect(p.start.getTime()).to.equal(addCycles(anchor, cycle, p.index).getTime());
        expect(p.end.getTime()).to.equal(periodEnd(p.start, cycle, anchor.getUTCDate()).getTime());
      }),
    );
  });

  it('when days between dates are counted, then they are calendar days in UTC', () => {
    expect(daysBetween(d('2024-01-01T00:00:00Z'), d('2024-02-01T00:00:00Z'))).to.equal(31);
    expect(daysBetween(d('2024-02-01T00:00:00Z'), d('2024-03-01T00:00:00Z'))).to.equal(29);
    expect(daysBetween(d('2023-02-01T00:00:00Z'), d('2023-03-01T00:00:00Z'))).to.equal(28);
    expect(daysBetween(d('2024-03-10T23:59:00Z'), d('2024-03-11T00:01:00Z'))).to.equal(1);
    expect(daysBetween(d('2024-03-11T00:01:00Z'), d('2024-03-10T23:59:00Z'))).to.equal(-1);
    expect(daysBetween(d('2024-01-01T00:00:00Z'), d('2025-01-01T00:00:00Z'))).to.equal(366);
  });

  it('when inputs are invalid, then the period functions refuse them', () => {
    expect(() => periodEnd(new Date('nope'), 'monthly')).to.throw(/valid date/);
    expect(() => periodEnd(d('2024-01-01T00:00:00Z'), 'weekly' as 'monthly')).to.throw(/Unknown billing cycle/);
    expect(() => addCycles(d('2024-01-01T00:00:00Z'), 'monthly', 1, 32)).to.throw(/Anchor day/);
    expect(() => addCycles(d('2024-01-01T00:00:00Z'), 'monthly', 0.5)).to.throw(/integer/);
  });
});
