import { expect } from 'chai';
import fc from 'fast-check';
import { type Coupon, type DiscountableLine, applyCoupon } from '../../../src/billing/discounts.js';
import { money } from '../../../src/billing/money.js';
import { usd } from './arbitraries.js';

const line = (minor: number, productId?: string): DiscountableLine => ({ amount: usd(minor), productId });
const perLine = (lines: DiscountableLine[], coupon: Coupon): number[] => applyCoupon(lines, coupon).perLine.map((m) => m.minor);

describe('billing / discounts', () => {
  it('when a 10% coupon applies to an order, then each line is discounted in proportion', () => {
    const result = applyCoupon([line(1000), line(2000)], { kind: 'percent', percentBp: 1000 });
    expect(result.perLine.map((m) => m.minor)).to.deep.equal([-100, -200]);
    expect(result.total.minor).to.equal(-300);
  });

  it('when a coupon is limited to some products, then only their lines are discounted', () => {
    const lines = [line(1000, 'vps-small'), line(2000, 'dedicated'), line(3000, 'vps-large')];
    expect(perLine(lines, { kind: 'percent', percentBp: 5000, productIds: ['vps-small', 'vps-large'] })).to.deep.equal([-500, 0, -1500]);
    expect(perLine([{ amount: usd(1000), productId: 7 }], { kind: 'percent', percentBp: 5000, productIds: ['7'] })).to.deep.equal([-500]);
  });

  it('when a fixed coupon is spread over lines, then the cents go to the largest remainders and add up exactly', () => {
    const lines = [line(1000, 'a'), line(2000, 'a'), line(3000, 'b')];
    const result = applyCoupon(lines, { kind: 'fixed', amounts: { USD: 500 }, productIds: ['a'] });
    expect(result.perLine.map((m) => m.minor)).to.deep.equal([-167, -333, 0]);
    expect(result.total.minor).to.equal(-500);
  });

  it('when a fixed coupon is worth more than the eligible lines, then it is capped at their total', () => {
    expect(perLine([line(1000), line(500)], { kind: 'fixed', amounts: { USD: 5000 } })).to.deep.equal([-1000, -500]);
  });

  it('when a fixed coupon has no amount in the invoice currency, then it gives no discount', () => {
    const result = applyCoupon([{ amount: money(1000, 'GBP') }], { kind: 'fixed', amounts: { USD: 500 } });
    expect(result.total).to.deep.equal(money(0, 'GBP'));
  });

  it('when an invoice has credit lines, then they are never discounted', () => {
    expect(perLine([line(1000), line(-300)], { kind: 'percent', percentBp: 5000 })).to.deep.equal([-500, 0]);
    expect(perLine([line(-300)], { kind: 'fixed', amounts: { USD: 100 } })).to.deep.equal([0]);
  });

  it('when a coupon or the lines are invalid, then the discount is refused', () => {
    expect(() => applyCoupon([line(100)], { kind: 'percent', percentBp: 10_001 })).to.throw(/0 to 10000/);
    expect(() => applyCoupon([line(100)], { kind: 'fixed', amounts: { USD: -1 } })).to.throw(/must not be negative/);
    expect(() => applyCoupon([line(100), { amount: money(100, 'EUR') }], { kind: 'percent', percentBp: 100 })).to.throw(/Currency mismatch/);
    expect(() => applyCoupon([], { kind: 'percent', percentBp: 100 })).to.throw(/currency is needed/);
    expect(applyCoupon([], { kind: 'percent', percentBp: 100 }, 'USD').perLine).to.deep.equal([]);
  });

  it('when any coupon applies to any lines, then no line goes negative and the parts add up to the coupon', () => {
    const couponArb: fc.Arbitrary<Coupon> = fc.oneof(
      fc.record({ kind: fc.constant('percent' as const), percentBp: fc.integer({ min: 0, max: 10_000 }) }),
      fc.record({ kind: fc.constant('fixed' as const), amounts: fc.record({ USD: fc.integer({ min: 0, max: 50_000_000 }) }) }),
    );
    const linesArb = fc.array(
      fc.record({ minor: fc.integer({ min: -1_000_000, max: 10_000_000 }), product: fc.constantFrom('a', 'b') }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(linesArb, couponArb, fc.boolean(), (raw, base, restricted) => {
        const lines = raw.map((l) => line(l.minor, l.product));
        const coupon: Coupon = restricted ? { ...base, productIds: ['a'] } : base;
        const result = applyCoupon(lines, coupon, 'USD');
        const eligibleTotal = raw.filter((l) => l.minor > 0 && (!restricted || l.product === 'a')).reduce((a, l) => a + l.minor, 0);
        result.perLine.forEach((discount, i) => {
          expect(discount.minor).to.be.at.most(0);
          if (lines[i].amount.minor > 0) expect(lines[i].amount.minor + discount.minor).to.be.at.least(0);
          else expect(discount.minor).to.equal(0);
        });
        expect(result.perLine.reduce((a, m) => a + m.minor, 0)).to.equal(result.total.minor);
        expect(-result.total.minor).to.be.at.most(eligibleTotal);
        if (coupon.kind === 'fixed') expect(-result.total.minor).to.equal(Math.min(coupon.amounts.USD ?? 0, eligibleTotal));
      }),
    );
  });
});
