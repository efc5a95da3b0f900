import { expect } from 'chai';
import fc from 'fast-check';
import { prepareInvoice } from '../../../../src/billing/invoices/prepare-invoice.js';
import type { InvoiceCouponSpec } from '../../../../src/billing/invoices/invoice-types.js';
import { BILLING_CYCLES } from '../../../../src/billing/periods.js';
import { renewalSubject, type RenewalCatalog } from '../../../../src/billing/renewals/renewal-subject.js';
import { recurringTotal } from '../../../../src/billing/catalog/configuration.js';

const catalog = (coupon: InvoiceCouponSpec | null, included: number): RenewalCatalog => ({
  plans: new Map([[7, { id: 7, name: 'VPS', type: 'vps', taxable: true }]]),
  included: new Map([['7:1', included]]),
  options: new Map([[1, { name: 'RAM', choices: null }], [2, { name: 'OS', choices: [{ value: 'win', label: 'Windows' }] }]]),
  addons: new Map([[1, 'Backups']]),
  coupons: new Map(coupon ? [[5, coupon]] : []),
});

const couponArb: fc.Arbitrary<InvoiceCouponSpec | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 10_000 }).map((bp) => ({ id: 5, code: 'PCT', kind: 'percent' as const, percentBp: bp })),
  fc.integer({ min: 1, max: 100_000 }).map((m) => ({ id: 5, code: 'FIX', kind: 'fixed' as const, amounts: { USD: m, EUR: m } })),
);

describe('billing / properties / renewal totals', () => {
  it('when any subscription is renewed with any coupon, tax rate and tax mode, then the invoice total is the sum of its lines and the lines the recurring amount', () => {
    fc.assert(
      fc.property(
        fc.record({
          price: fc.integer({ min: 0, max: 10_000_000 }),
          ram: fc.integer({ min: 0, max: 64 }),
          included: fc.integer({ min: 0, max: 8 }),
          ramUnit: fc.integer({ min: 0, max: 100_000 }),
          os: fc.integer({ min: 0, max: 100_000 }),
          addon: fc.integer({ min: 0, max: 100_000 }),
          cycle: fc.constantFrom(...BILLING_CYCLES),
          currency: fc.constantFrom('USD' as const, 'EUR' as const),
          coupon: couponArb,
          periods: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
          rateBp: fc.integer({ min: 0, max: 2700 }),
          mode: fc.constantFrom('exclusive' as const, 'inclusive' as const),
          anchor: fc.integer({ min: 1, max: 31 }),
        }),
        (x) => {
          const end = new Date(Date.UTC(2025, 0, Math.min(x.anchor, 31), 9));
          const subject = renewalSubject(
            { id: 1, customerId: 1, planId: 7, status: 'active', cycle: x.cycle, currency: x.currency, priceMinor: x.price, anchorDay: x.anchor, currentPeriodEnd: end, couponId: x.coupon ? 5 : null, couponPeriodsRemaining: x.periods, scheduledPlanId: null, scheduledCycle: null },
            [{ subscriptionId: 1, optionId: 1, quantity: x.ram, choice: null, unitPriceMinor: x.ramUnit }, { subscriptionId: 1, optionId: 2, quantity: 1, choice: 'win', unitPriceMinor: x.os }],
            x.addon > 0 ? [{ subscriptionId: 1, addonId: 1, quantity: 1, priceMinor: x.addon }] : [],
            catalog(x.coupon, x.included),
          );
          expect(subject.lines.reduce((n, l) => n + l.unitAmountMinor * (l.quantity ?? 1), 0)).to.equal(recurringTotal(subject.config).minor);
          expect(subject.coupon !== null).to.equal(x.coupon !== null && (x.periods === null || x.periods > 0));
          const prepared = prepareInvoice(
            { customer: { country: 'DE', taxExempt: false, isBusiness: false }, currency: x.currency, kind: 'renewal', lines: subject.lines, coupon: subject.coupon },
            { taxMode: x.mode, sellerCountry: 'DE', rates: [{ id: 1, name: 'VAT', country: 'DE', rateBp: x.rateBp }] },
          );
          const gross = prepared.lines.reduce((n, l) => n + l.amountMinor + l.taxMinor, 0);
          expect(prepared.totalMinor).to.equal(gross);
          expect(prepared.totalMinor).to.equal(prepared.subtotalMinor - prepared.discountMinor + prepared.taxMinor);
          expect(prepared.taxMinor).to.equal(prepared.lines.reduce((n, l) => n + l.taxMinor, 0));
          if (x.mode === 'inclusive') expect(prepared.totalMinor).to.equal(recurringTotal(subject.config).minor - prepared.couponDiscountMinor);
        },
      ),
      { numRuns: 500 },
    );
  });
});
