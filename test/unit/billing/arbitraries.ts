// Arbitraries and helpers shared by the billing property tests.
import fc from 'fast-check';
import { type CurrencyCode, type Money, money } from '../../../src/billing/money.js';

/** Currencies with two and zero decimals. */
export const currencyArb: fc.Arbitrary<CurrencyCode> = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY');

/** Amounts up to 10 million major units, the size of a large invoice line. */
export const minorArb = (minMinor = -1_000_000_000, maxMinor = 1_000_000_000): fc.Arbitrary<number> =>
  fc.integer({ min: minMinor, max: maxMinor });

/** A non-negative price in one currency. */
export const priceArb = (currency: CurrencyCode = 'USD', max = 100_000_000): fc.Arbitrary<Money> =>
  fc.integer({ min: 0, max }).map((m) => money(m, currency));

/** A tax or discount rate from 0% to 100%. */
export const rateBpArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 10_000 });

/** Dates between 1999 and 2101 at any time of day, in UTC. */
export const dateArb: fc.Arbitrary<Date> = fc.date({
  min: new Date('1999-01-01T00:00:00Z'),
  max: new Date('2101-01-01T00:00:00Z'),
  noInvalidDate: true,
});

/** Shorthand for an amount in US cents. */
export const usd = (minor: number): Money => money(minor, 'USD');
