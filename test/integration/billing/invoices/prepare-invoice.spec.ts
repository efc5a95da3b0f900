import { expect } from 'chai';
import fc from 'fast-check';
import { prepareInvoice, type InvoiceSpec, type TaxEnv } from '../../../../src/billing/invoices/prepare-invoice.js';

const env: TaxEnv = { taxMode: 'exclusive', sellerCountry: 'NL', rates: [{ id: 1, country: 'NL', name: 'BTW', rateBp: 2100 }, { id: 2, country: 'DE', name: 'MwSt', rateBp: 1900 }] };
const nl = { country: 'NL', taxExempt: false, isBusiness: false };

describe('billing / prepareInvoice (pure)', () => {
  it('when a percent coupon applies to two plans, then one discount line carries it and each plan line records its share', () => {
    const prepared = prepareInvoice(
      {
        customer: nl,
        currency: 'EUR',
        kind: 'order',
        lines: [
          { kind: 'plan', description: 'VPS', unitAmountMinor: 1000, planId: 1 },
          { kind: 'setup_fee', description: 'Setup', unitAmountMinor: 333, planId: 1 },
          { kind: 'overage', description: 'Traffic', unitAmountMinor: 500 },
        ],
        coupon: { id: 9, code: 'TEN', kind: 'percent', percentBp: 1000 },
      },
      env,
    );
    expect(prepared.lines.map((l) => [l.kind, l.amountMinor, l.discountMinor, l.taxMinor])).to.deep.equal([
      ['plan', 1000, 100, 210],
      ['setup_fee', 333, 33, 70],
      ['overage', 500, 0, 105],
      ['discount', -133, 0, -28],
    ]);
    expect(prepared.lines[3]).to.include({ couponId: 9, description: 'Discount TEN (10%)' });
    expect(prepared).to.include({ subtotalMinor: 1833, discountMinor: 133, taxMinor: 357, totalMinor: 2057, couponDiscountMinor: 133 });
  });

  it('when a fixed coupon exceeds the eligible lines, then it is capped and no line goes below zero', () => {
    const prepared = prepareInvoice(
      { customer: nl, currency: 'EUR', kind: 'order', lines: [{ kind: 'plan', description: 'Small', unitAmountMinor: 300 }], coupon: { code: 'BIG', kind: 'fixed', amounts: { EUR: 1000 } } },
      env,
    );
    expect(prepared).to.include({ totalMinor: 0, discountMinor: 300, taxMinor: 0 });
  });

  it('when a discount line is passed in by the caller, then it is refused', () => {
    const spec = { customer: nl, currency: 'EUR', kind: 'manual', lines: [{ kind: 'discount', description: 'x', unitAmountMinor: -1 }] } as unknown as InvoiceSpec;
    expect(() => prepareInvoice(spec, env)).to.throw(/Discount lines come from a coupon/);
  });

  it('when any invoice is prepared, then its total equals the sum of its lines with their tax, and no discount is positive', () => {
    const lineArb = fc.record({
      kind: fc.constantFrom('plan' as const, 'addon' as const, 'credit' as const, 'overage' as const),
      minor: fc.integer({ min: 0, max: 5_000_000 }),
      quantity: fc.integer({ min: 1, max: 5 }),
      taxable: fc.boolean(),
    });
    const couponArb = fc.option(
      fc.oneof(
        fc.record({ code: fc.constant('P'), kind: fc.constant('percent' as const), percentBp: fc.integer({ min: 1, max: 10_000 }) }),
        fc.record({ code: fc.constant('F'), kind: fc.constant('fixed' as const), amounts: fc.record({ EUR: fc.integer({ min: 1, max: 10_000_000 }) }) }),
      ),
      { nil: null },
    );
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), couponArb, fc.constantFrom('exclusive' as const, 'inclusive' as const), fc.constantFrom('NL', 'DE', 'US'), (raw, coupon, taxMode, country) => {
        const lines = raw.map((l) => ({ kind: l.kind, description: l.kind, quantity: l.quantity, taxable: l.taxable, unitAmountMinor: l.kind === 'credit' ? -l.minor : l.minor }));
        const p = prepareInvoice({ customer: { country, taxExempt: false, isBusiness: false }, currency: 'EUR', kind: 'manual', lines, coupon }, { ...env, taxMode });
        const gross = p.lines.reduce((s, l) => s + l.amountMinor + l.taxMinor, 0);
        expect(p.totalMinor).to.equal(gross);
        expect(p.totalMinor).to.equal(p.subtotalMinor - p.discountMinor + p.taxMinor);
        expect(p.taxMinor).to.equal(p.taxes.reduce((s, x) => s + x.taxMinor, 0));
        for (const l of p.lines) if (l.kind === 'discount') expect(l.amountMinor).to.be.at.most(0);
        p.lines.slice(0, lines.length).forEach((l, i) => expect(l.discountMinor).to.be.within(0, Math.max(0, lines[i].unitAmountMinor * lines[i].quantity)));
      }),
      { numRuns: 300 },
    );
  });
});
