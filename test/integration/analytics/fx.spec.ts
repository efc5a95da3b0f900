import { expect } from 'chai';
import { FxTable } from '../../../src/analytics/fx.js';
import { createFxRate } from '../../factories/billing.js';
import { resetDatabase } from '../../support/db.js';

describe('analytics: conversion to the base currency', () => {
  let fx: FxTable;
  before(async () => {
    await resetDatabase();
    await createFxRate({ base: 'EUR', quote: 'USD', rateMicros: 1_100_000, effectiveOn: '2031-02-01' });
    await createFxRate({ base: 'EUR', quote: 'USD', rateMicros: 1_085_000, effectiveOn: '2031-03-01' });
    await createFxRate({ base: 'JPY', quote: 'USD', rateMicros: 6_700, effectiveOn: '2031-01-01' });
    // Only the opposite pair is known for GBP: 1 USD = 0.79 GBP.
    await createFxRate({ base: 'USD', quote: 'GBP', rateMicros: 790_000, effectiveOn: '2031-01-01' });
    fx = await FxTable.load('USD');
  });

  it('when a rate changes during a month, then each day converts at the rate effective that day', () => {
    expect(fx.convert(1000n, 'EUR', '2031-02-28')).to.equal(1100n);
    expect(fx.convert(1000n, 'EUR', '2031-03-01')).to.equal(1085n);
    expect(fx.convert(1000n, 'EUR', '2031-01-31'), 'no rate yet').to.equal(null);
    expect(fx.has('EUR', '2031-01-31')).to.equal(false);
    expect(fx.convert(1234n, 'USD', '2020-01-01'), 'the base currency itself').to.equal(1234n);
  });

  it('when currencies have different minor units, then yen convert to cents exactly and round half away from zero once', () => {
    expect(fx.convert(1000n, 'JPY', '2031-03-01'), '1000 JPY x 0.0067 = 6.70 USD').to.equal(670n);
    expect(fx.convert(75n, 'JPY', '2031-03-01'), '0.5025 USD -> 50 cents').to.equal(50n);
    expect(fx.convert(-75n, 'JPY', '2031-03-01')).to.equal(-50n);
    // 12 x 10.00 EUR a year in monthly USD: 12,000 x 1.085 / 12 = 1085 exactly, one rounding.
    expect(fx.convert(12_000n, 'EUR', '2031-03-10', 12n)).to.equal(1085n);
    // 1 cent EUR at 1.085 = 1.085 cents -> 1; 2 cents = 2.17 -> 2; 6 cents = 6.51 -> 7.
    expect([1n, 2n, 6n].map((c) => fx.convert(c, 'EUR', '2031-03-10'))).to.deep.equal([1n, 2n, 7n]);
  });

  it('when only the opposite pair is stored, then it is used inverted', () => {
    // 100.00 GBP / 0.79 = 126.5822... USD -> 126.58
    expect(fx.convert(10_000n, 'GBP', '2031-06-01')).to.equal(12_658n);
  });
});
