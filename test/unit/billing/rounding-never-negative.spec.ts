import { expect } from 'chai';
import fc from 'fast-check';
import type { InvoiceCouponSpec, InvoiceLineSpec, PreparedInvoice, TaxEnv } from '../../../src/billing/invoices/invoice-types.js';
import { prepareInvoice } from '../../../src/billing/invoices/prepare-invoice.js';
import { taxForLine } from '../../../src/billing/tax-math.js';
import { computeTotals } from '../../../src/billing/totals.js';
import { usd } from './arbitraries.js';

const customer = { country: 'DE', taxExempt: false, isBusiness: false };
const envAt = (rateBp: number, taxMode: 'exclusive' | 'inclusive' = 'exclusive'): TaxEnv => ({
  taxMode,
  sellerCountry: 'DE',
  rates: [{ id: 1, name: 'VAT', country: 'DE', rateBp }],
});
const plan = (description: string, unitAmountMinor: number, taxable = true): InvoiceLineSpec => ({ kind: 'plan', description, unitAmountMinor, planId: 1, taxable });
const fixed22: InvoiceCouponSpec = { id: 9, code: 'ALLOFF', kind: 'fixed', amounts: { USD: 22, EUR: 22 } };
const view = (p: PreparedInvoice): Array<[string, number, number]> => p.lines.map((l) => [l.kind, l.amountMinor, l.taxMinor]);

describe('billing / rounding never makes an invoice negative', () => {
  it('when a 0.22 coupon takes all of lines of 0.10 and 0.12 at 20.46% tax, then the discount gives back only the 0.04 charged and the invoice totals zero', () => {
    // Per line, half up: 0.10 x 20.46% = 0.02046 -> 0.02, 0.12 -> 0.02455 -> 0.02, -0.22 -> -0.04501 -> -0.05 (capped to -0.04).
    const prepared = prepareInvoice({ customer, currency: 'USD', kind: 'renewal', lines: [plan('VPS', 10), plan('IPv4', 12)], coupon: fixed22 }, envAt(2046));
    expect(view(prepared)).to.deep.equal([
      ['plan', 10, 2],
      ['plan', 12, 2],
      ['discount', -22, -4],
    ]);
    expect([prepared.subtotalMinor, prepared.discountMinor, prepared.taxMinor, prepared.totalMinor]).to.deep.equal([22, 22, 0, 0]);
    expect(prepared.taxes.map((t) => [t.taxableMinor, t.taxMinor])).to.deep.equal([[0, 0]]);
    expect(prepared.couponDiscountMinor).to.equal(22);
  });

  it('when the same coupon applies to prices that include the tax, then the invoice totals zero and its tax is zero', () => {
    const prepared = prepareInvoice({ customer, currency: 'USD', kind: 'renewal', lines: [plan('VPS', 10), plan('IPv4', 12)], coupon: fixed22 }, envAt(2046, 'inclusive'));
    expect(prepared.totalMinor).to.equal(0);
    expect(prepared.taxMinor).to.equal(0);
    expect(prepared.lines.reduce((n, l) => n + l.amountMinor + l.taxMinor, 0)).to.equal(0);
  });

  it('when a staff credit of 0.22 cancels charges of 0.10 and 0.12, then rounding leaves the invoice at zero, not at -0.01', () => {
    const lines: InvoiceLineSpec[] = [plan('VPS', 10), plan('IPv4', 12), { kind: 'manual', description: 'Goodwill', unitAmountMinor: -22 }];
    const prepared = prepareInvoice({ customer, currency: 'USD', kind: 'manual', lines }, envAt(2046));
    expect(view(prepared)).to.deep.equal([
      ['plan', 10, 2],
      ['plan', 12, 2],
      ['manual', -22, -4],
    ]);
    expect(prepared.totalMinor).to.equal(0);
  });

  it('when a coupon discounts only untaxed lines, then its discount line carries no tax and says so', () => {
    const prepared = prepareInvoice(
      { customer, currency: 'USD', kind: 'manual', lines: [plan('VPS', 1000), plan('Licence', 500, false)], coupon: { id: 9, code: 'HALF', kind: 'percent', percentBp: 5000 } },
      envAt(1900),
    );
    expect(prepared.lines.map((l) => [l.kind, l.amountMinor, l.taxMinor, l.taxable])).to.deep.equal([
      ['plan', 1000, 190, true],
      ['plan', 500, 0, false],
      ['discount', -500, -95, true],
      ['discount', -250, 0, false],
    ]);
    expect(prepared.totalMinor).to.equal(845);
  });

  it('when a credit line really is larger than the charges, then the total stays negative (a credit note handles it, not rounding)', () => {
    const t = computeTotals([{ amount: usd(10), tax: { name: 'VAT', rateBp: 2046 } }, { amount: usd(-30), tax: { name: 'VAT', rateBp: 2046 } }], 'exclusive');
    expect([t.tax.minor, t.total.minor]).to.deep.equal([-4, -24]);
  });

  const taxableLine = fc.record({
    kind: fc.constantFrom('plan' as const, 'setup_fee' as const, 'option' as const, 'addon' as const, 'overage' as const, 'manual' as const),
    unit: fc.integer({ min: 0, max: 5_000 }),
    quantity: fc.integer({ min: 1, max: 3 }),
    taxable: fc.boolean(),
  });
  const couponArb: fc.Arbitrary<InvoiceCouponSpec | null> = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 1, max: 10_000 }).map((bp) => ({ id: 9, code: 'PCT', kind: 'percent' as const, percentBp: bp })),
    fc.integer({ min: 1, max: 40_000 }).map((m) => ({ id: 9, code: 'FIX', kind: 'fixed' as const, amounts: { USD: m } })),
  );

  it('when any lines get any coupon at any tax rate, in either tax mode, then the total is never negative and is the sum of the lines and their taxes', () => {
    fc.assert(
      fc.property(fc.array(taxableLine, { minLength: 1, maxLength: 8 }), couponArb, fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('exclusive' as const, 'inclusive' as const), (raw, coupon, rateBp, mode) => {
        const lines: InvoiceLineSpec[] = raw.map((l, i) => ({ kind: l.kind, description: `Line ${i + 1}`, unitAmountMinor: l.unit, quantity: l.quantity, planId: 1, taxable: l.taxable }));
        const p = prepareInvoice({ customer, currency: 'USD', kind: 'manual', lines, coupon }, envAt(rateBp, mode));
        expect(p.totalMinor).to.be.at.least(0);
        expect(p.totalMinor).to.equal(p.lines.reduce((n, l) => n + l.amountMinor + l.taxMinor, 0));
        expect(p.taxMinor).to.equal(p.lines.reduce((n, l) => n + l.taxMinor, 0));
        expect(p.taxMinor).to.equal(p.taxes.reduce((n, t) => n + t.taxMinor, 0));
        expect(p.totalMinor).to.equal(p.subtotalMinor - p.discountMinor + p.taxMinor);
        p.lines.filter((l) => !l.taxable).forEach((l) => expect(l.taxMinor).to.equal(0));
        const charged = p.lines.filter((l) => l.kind !== 'discount').reduce((n, l) => n + l.taxMinor, 0);
        const givenBack = -p.lines.filter((l) => l.kind === 'discount').reduce((n, l) => n + l.taxMinor, 0);
        expect(givenBack).to.be.within(0, charged);
        // Without a discount to cap, every line is taxed exactly by the per-line rule.
        if (p.couponDiscountMinor === 0) {
          p.lines.forEach((l, i) => expect(l.taxMinor).to.equal(l.taxable ? taxForLine(usd(raw[i].unit * raw[i].quantity), rateBp, mode).tax.minor : 0));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('when credits and prorations bring a rate down to zero or more, then rounding never takes its tax below zero', () => {
    const charges = fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(charges, fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 6 }), fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('exclusive' as const, 'inclusive' as const), (amounts, creditWeights, rateBp, mode) => {
        // Credits split at most the whole of the charges, so the lines sum to zero or more.
        const budget = amounts.reduce((n, a) => n + a, 0);
        const weightSum = creditWeights.reduce((n, w) => n + w, 0);
        const credits = creditWeights.map((w) => -Math.floor((budget * w) / Math.max(weightSum, 1)));
        const lines: InvoiceLineSpec[] = [
          ...amounts.map((a, i): InvoiceLineSpec => ({ kind: 'plan', description: `Plan ${i}`, unitAmountMinor: a })),
          ...credits.map((c, i): InvoiceLineSpec => ({ kind: i % 2 ? 'credit' : 'proration', description: `Credit ${i}`, unitAmountMinor: c })),
        ];
        const p = prepareInvoice({ customer, currency: 'USD', kind: 'manual', lines }, envAt(rateBp, mode));
        expect(p.taxMinor).to.be.at.least(0);
        expect(p.totalMinor).to.be.at.least(0);
        expect(p.totalMinor).to.equal(p.lines.reduce((n, l) => n + l.amountMinor + l.taxMinor, 0));
        p.lines.forEach((l) => expect(Math.sign(l.taxMinor) * Math.sign(l.unitAmountMinor)).to.be.at.least(0));
      }),
      { numRuns: 1000 },
    );
  });
});
