import { expect } from 'chai';
import fc from 'fast-check';
import { applyCoupon } from '../../../src/billing/discounts.js';
import { money } from '../../../src/billing/money.js';
import { type TotalsLine, computeTotals } from '../../../src/billing/totals.js';
import { usd } from './arbitraries.js';

const vat21 = { name: 'VAT 21%', rateBp: 2100 };
const vat9 = { name: 'VAT 9%', rateBp: 900 };
const summary = (t: ReturnType<typeof computeTotals>): number[] => [t.subtotal.minor, t.discount.minor, t.tax.minor, t.total.minor];

describe('billing / totals', () => {
  it('when an invoice has items, a discount and an untaxed line, then its totals add up to the lines', () => {
    const lines: TotalsLine[] = [
      { amount: usd(1000), tax: vat21 },
      { amount: usd(2000), tax: vat21 },
      { amount: usd(-100), kind: 'discount', tax: vat21 },
      { amount: usd(-200), kind: 'discount', tax: vat21 },
      { amount: usd(500), tax: null },
    ];
    const totals = computeTotals(lines, 'exclusive');
    expect(summary(totals)).to.deep.equal([3500, -300, 567, 3767]);
    expect(totals.taxBreakdown).to.deep.equal([{ name: 'VAT 21%', rateBp: 2100, taxable: usd(2700), tax: usd(567) }]);
  });

  it('when prices include tax, then the total is what the lines say and subtotal is shown net', () => {
    const totals = computeTotals([{ amount: usd(1210), tax: vat21 }, { amount: usd(1090), tax: vat9 }], 'inclusive');
    expect(summary(totals)).to.deep.equal([2000, 0, 300, 2300]);
    expect(totals.taxBreakdown.map((b) => [b.name, b.taxable.minor, b.tax.minor])).to.deep.equal([
      ['VAT 21%', 1000, 210],
      ['VAT 9%', 1000, 90],
    ]);
  });

  it('when VAT is reverse charged, then the invoice shows a zero tax line', () => {
    const totals = computeTotals([{ amount: money(4999, 'EUR'), tax: { name: 'Reverse charge', rateBp: 0 } }], 'exclusive');
    expect(summary(totals)).to.deep.equal([4999, 0, 0, 4999]);
    expect(totals.taxBreakdown).to.deep.equal([{ name: 'Reverse charge', rateBp: 0, taxable: money(4999, 'EUR'), tax: money(0, 'EUR') }]);
  });

  it('when an invoice is empty or mixes currencies, then it totals zero or is refused', () => {
    expect(summary(computeTotals([], 'exclusive', 'GBP'))).to.deep.equal([0, 0, 0, 0]);
    expect(() => computeTotals([], 'exclusive')).to.throw(/currency is needed/);
    expect(() => computeTotals([{ amount: usd(1) }, { amount: money(1, 'EUR') }], 'exclusive')).to.throw(/Currency mismatch/);
  });

  it('when any invoice is totalled, then the totals equal the sum of its lines, discount lines and tax lines', () => {
    const lineArb = fc.record({
      minor: fc.integer({ min: -5_000_000, max: 50_000_000 }),
      kind: fc.constantFrom('item' as const, 'discount' as const),
      tax: fc.option(fc.constantFrom(vat21, vat9, { name: 'Sales tax NY', rateBp: 400 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 15 }), fc.constantFrom('exclusive' as const, 'inclusive' as const), (raw, mode) => {
        const lines: TotalsLine[] = raw.map((l) => ({ amount: usd(l.minor), kind: l.kind, tax: l.tax }));
        const t = computeTotals(lines, mode, 'USD');
        const grossSum = t.lines.reduce((a, l) => a + l.gross.minor, 0);
        expect(t.total.minor).to.equal(grossSum);
        expect(t.total.minor).to.equal(t.subtotal.minor + t.discount.minor + t.tax.minor);
        expect(t.taxBreakdown.reduce((a, b) => a + b.tax.minor, 0)).to.equal(t.tax.minor);
        const untaxed = raw.filter((l) => !l.tax).reduce((a, l) => a + l.minor, 0);
        expect(t.taxBreakdown.reduce((a, b) => a + b.taxable.minor, 0) + untaxed).to.equal(t.subtotal.minor + t.discount.minor);
        if (mode === 'inclusive') expect(t.total.minor).to.equal(raw.reduce((a, l) => a + l.minor, 0));
      }),
    );
  });

  it('when a coupon becomes discount lines, then the invoice still adds up and no discounted item goes negative', () => {
    const itemsArb = fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 0, max: 10_000 }), (items, percentBp) => {
        const itemLines: TotalsLine[] = items.map((m) => ({ amount: usd(m), tax: vat21 }));
        const coupon = applyCoupon(itemLines, { kind: 'percent', percentBp });
        const discountLines: TotalsLine[] = coupon.perLine.map((amount) => ({ amount, kind: 'discount', tax: vat21 }));
        const t = computeTotals([...itemLines, ...discountLines], 'exclusive');
        expect(t.discount.minor).to.equal(coupon.total.minor);
        expect(t.subtotal.minor + t.discount.minor).to.be.at.least(0);
        expect(t.total.minor).to.equal(t.lines.reduce((a, l) => a + l.gross.minor, 0));
        items.forEach((m, i) => expect(m + coupon.perLine[i].minor).to.be.at.least(0));
      }),
    );
  });
});
