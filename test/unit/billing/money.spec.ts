import { expect } from 'chai';
import fc from 'fast-check';
import {
  CURRENCIES,
  add,
  allocate,
  assertCurrency,
  compare,
  divideRounded,
  formatMoney,
  money,
  multiply,
  negate,
  parseDecimal,
  percentOf,
  ratio,
  subtract,
  sum,
  toDecimalString,
  toMinor,
} from '../../../src/billing/money.js';
import { currencyArb, minorArb, usd } from './arbitraries.js';

describe('billing / money', () => {
  describe('amounts', () => {
    it('when an amount is not a safe integer, then it is refused with a clear error', () => {
      expect(() => money(1.5, 'USD')).to.throw(/safe integer/);
      expect(() => money(Number.NaN, 'USD')).to.throw(/safe integer/);
      expect(() => money(2 ** 53, 'USD')).to.throw(/safe integer/);
      expect(() => money('12' as unknown as number, 'USD')).to.throw(/safe integer/);
    });

    it('when a currency is unknown, then it is refused', () => {
      expect(() => money(1, 'XXX' as 'USD')).to.throw(/Unknown currency: XXX/);
      expect(() => assertCurrency('usd')).to.throw(/Unknown currency/);
      expect(assertCurrency('EUR')).to.equal('EUR');
      expect(CURRENCIES.JPY.exponent).to.equal(0);
    });

    it('when amounts are added, subtracted, negated and summed, then the results are exact', () => {
      expect(add(usd(1999), usd(1))).to.deep.equal(usd(2000));
      expect(subtract(usd(5), usd(12))).to.deep.equal(usd(-7));
      expect(negate(usd(0)).minor).to.equal(0);
      expect(Object.is(negate(usd(0)).minor, -0)).to.equal(false);
      expect(sum([usd(1), usd(2), usd(3)], 'USD')).to.deep.equal(usd(6));
      expect(sum([], 'EUR')).to.deep.equal(money(0, 'EUR'));
      expect(compare(usd(1), usd(2))).to.equal(-1);
    });

    it('when currencies differ, then arithmetic throws', () => {
      expect(() => add(usd(1), money(1, 'EUR'))).to.throw(/Currency mismatch: USD and EUR/);
      expect(() => sum([usd(1)], 'GBP')).to.throw(/Currency mismatch/);
    });

    it('when a result leaves the safe integer range, then it throws instead of losing cents', () => {
      expect(() => add(usd(Number.MAX_SAFE_INTEGER), usd(1))).to.throw(/safe integer/);
      expect(() => multiply(usd(2 ** 40), 2 ** 20)).to.throw(/safe integer/);
      expect(() => multiply(usd(100), 1.5)).to.throw(/Quantity/);
      expect(multiply(usd(1250), 3)).to.deep.equal(usd(3750));
    });
  });

  describe('rounding (half away from zero)', () => {
    it('when a result is exactly half a cent, then it rounds away from zero, not to even', () => {
      expect(percentOf(usd(5), 1000).minor).to.equal(1);
      expect(percentOf(usd(-5), 1000).minor).to.equal(-1);
      expect(percentOf(usd(25), 1000).minor).to.equal(3);
      expect(percentOf(usd(15), 1000).minor).to.equal(2);
      expect(percentOf(usd(14), 1000).minor).to.equal(1);
      expect(divideRounded(-3n, 2n)).to.equal(-2n);
      expect(divideRounded(3n, -2n)).to.equal(-2n);
    });

    it('when a ratio is taken, then it rounds once on the exact fraction', () => {
      expect(ratio(usd(100), 1, 3).minor).to.equal(33);
      expect(ratio(usd(200), 1, 3).minor).to.equal(67);
      expect(ratio(usd(1000), 29, 29).minor).to.equal(1000);
      expect(() => ratio(usd(100), 1, 0)).to.throw(/Division by zero/);
    });

    it('when any amount is negated before a percent, then the result is the exact negation', () => {
      fc.assert(
        fc.property(minorArb(), fc.integer({ min: 0, max: 10_000 }), (m, bp) => {
          expect(percentOf(usd(-m), bp).minor).to.equal(-percentOf(usd(m), bp).minor || 0);
        }),
      );
    });
  });

  describe('allocate', () => {
    it('when 1.00 is split three ways, then the first line gets the extra cent', () => {
      expect(allocate(usd(100), [1, 1, 1]).map((m) => m.minor)).to.deep.equal([34, 33, 33]);
      expect(allocate(usd(-100), [1, 1, 1]).map((m) => m.minor)).to.deep.equal([-34, -33, -33]);
      expect(allocate(usd(5), [0, 3, 0]).map((m) => m.minor)).to.deep.equal([0, 5, 0]);
      expect(allocate(usd(0), [0, 0]).map((m) => m.minor)).to.deep.equal([0, 0]);
    });

    it('when weights are negative or all zero, then allocation is refused', () => {
      expect(() => allocate(usd(10), [1, -1])).to.throw(/negative/);
      expect(() => allocate(usd(10), [0, 0])).to.throw(/sum to zero/);
      expect(() => allocate(usd(10), [])).to.throw(/sum to zero/);
    });

    it('when any amount is allocated over any weights, then the parts sum exactly and each is within a cent of its share', () => {
      fc.assert(
        fc.property(
          minorArb(),
          fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
          (m, weights) => {
            const parts = allocate(usd(m), weights);
            expect(sum(parts, 'USD').minor).to.equal(m);
            const total = BigInt(weights.reduce((a, b) => a + b, 0));
            parts.forEach((p, i) => {
              const error = BigInt(p.minor) * total - BigInt(m) * BigInt(weights[i]);
              expect(error < total && -error < total, `part ${i} is within one unit of its share`).to.equal(true);
              if (weights[i] === 0) expect(p.minor).to.equal(0);
            });
          },
        ),
      );
    });
  });

  describe('database values', () => {
    it('when a driver returns a number, a bigint or an integer string, then it reads as minor units', () => {
      expect(toMinor(1234)).to.equal(1234);
      expect(toMinor(1234n)).to.equal(1234);
      expect(toMinor('1234')).to.equal(1234);
      expect(toMinor('-45')).to.equal(-45);
      expect(toMinor('1234.0000')).to.equal(1234);
      expect(toMinor(-0)).to.equal(0);
      expect(Object.is(toMinor(-0), -0)).to.equal(false);
    });

    it('when a driver value is not a whole number of minor units, then it throws', () => {
      for (const bad of [null, undefined, '12.5', 'abc', '', 1.5, 2n ** 60n, '99999999999999999', {}]) {
        expect(() => toMinor(bad), String(bad)).to.throw();
      }
    });
  });

  describe('decimal strings', () => {
    it('when minor units are written for a CSV, then they read as major units with the currency decimals', () => {
      expect(toDecimalString(1234, 'USD')).to.equal('12.34');
      expect(toDecimalString(-5, 'USD')).to.equal('-0.05');
      expect(toDecimalString(0, 'EUR')).to.equal('0.00');
      expect(toDecimalString(-100, 'GBP')).to.equal('-1.00');
      expect(toDecimalString(7, 'JPY')).to.equal('7');
    });

    it('when a decimal is parsed, then it becomes exact minor units', () => {
      expect(parseDecimal('12.34', 'USD')).to.equal(1234);
      expect(parseDecimal('12.3', 'USD')).to.equal(1230);
      expect(parseDecimal('12', 'USD')).to.equal(1200);
      expect(parseDecimal('-0.05', 'USD')).to.equal(-5);
      expect(parseDecimal('-0.00', 'USD')).to.equal(0);
      expect(parseDecimal('1500', 'JPY')).to.equal(1500);
    });

    it('when a decimal has too many places or is not a plain decimal, then parsing fails clearly', () => {
      expect(() => parseDecimal('12.345', 'USD')).to.throw(/at most 2 decimal places/);
      expect(() => parseDecimal('1.5', 'JPY')).to.throw(/at most 0 decimal places/);
      for (const bad of ['', '1e3', '12.', '.5', ' 12', '12,34', '+1', 'NaN', 'Infinity', '0x10', '1 000']) {
        expect(() => parseDecimal(bad, 'USD'), bad).to.throw(/Not a decimal amount/);
      }
      expect(() => parseDecimal(12.34 as unknown as string, 'USD')).to.throw(/Not a decimal amount/);
      expect(() => parseDecimal('90071992547409.92', 'USD')).to.throw(/safe integer/);
    });

    it('when any amount is written and parsed back, then it is unchanged', () => {
      fc.assert(
        fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), currencyArb, (m, c) => {
          const text = toDecimalString(m, c);
          expect(parseDecimal(text, c)).to.equal(m);
          expect(toDecimalString(parseDecimal(text, c), c)).to.equal(text);
        }),
      );
    });
  });

  describe('display', () => {
    it('when an amount is formatted, then it shows the currency the locale way, exactly', () => {
      expect(formatMoney(1234, 'USD')).to.equal('$12.34');
      expect(formatMoney(-5, 'USD')).to.equal('-$0.05');
      expect(formatMoney(123456, 'EUR', 'de-DE').replace(/\s/g, ' ')).to.equal('1.234,56 €');
      expect(formatMoney(1234, 'JPY')).to.equal('¥1,234');
      expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).to.equal('$90,071,992,547,409.91');
    });
  });
});
