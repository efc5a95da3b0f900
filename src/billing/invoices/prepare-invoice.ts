// NOTE: The pure heart of invoicing: line rows, tax rows and totals from a spec, no database.
// A batched renewal run calls it for every subscription with one shared `TaxEnv`, so it resolves
// the tax treatment once per invoice, walks the lines a fixed number of times and allocates
// nothing it does not return. All arithmetic goes through money.ts / tax-math.ts / totals.ts.
import { ValidationError } from '../../lib/errors.js';
import { type CurrencyCode, type Money, assertCurrency, assertSafeInteger, money, multiply, negate } from '../money.js';
import { type TaxTreatment, resolveTaxTreatment } from '../tax-math.js';
import { type TotalsLine, computeTotals } from '../totals.js';
import { discountLines } from './discount-lines.js';
import type {
  InvoiceSpec,
  PreparedInvoice,
  PreparedLine,
  PreparedTax,
  TaxEnv,
  BillingTaxRate,
} from './invoice-types.js';

export type * from './invoice-types.js';

/** Line kinds that may carry a negative amount (credits, downgrade prorations, staff corrections). */
const SIGNED_KINDS = new Set(['credit', 'proration', 'manual']);

/** Reverse-charge wording printed on the invoice (EU VAT Directive 2006/112/EC, art. 196). */
export const REVERSE_CHARGE_NOTE = 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).';
/** Wording printed on the invoice of a tax-exempt customer. */
export const TAX_EXEMPT_NOTE = 'Tax exempt: no tax charged.';

/** Refuses a line a staff member or caller may not create: bad quantity, negative charge, hand-made discount. */
export function checkLine(kind: string, quantity: number, unitAmountMinor: number): void {
  if (kind === 'discount') {
    throw new ValidationError('invoice_line_discount', 'Discount lines come from a coupon, not from the caller');
  }
  assertSafeInteger(unitAmountMinor, 'Line unit amount');
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new ValidationError('invoice_line_invalid_quantity', `Quantity must be a whole number of at least 1, got ${quantity}`);
  }
  if (unitAmountMinor < 0 && !SIGNED_KINDS.has(kind)) {
    throw new ValidationError('invoice_line_negative', `A ${kind} line cannot have a negative amount`);
  }
}

/** The tax of one invoice: treatment, the rate applied to taxable lines, and the tax mode. */
function taxSetup(spec: InvoiceSpec, env: TaxEnv): { treatment: TaxTreatment; tax: TotalsLine['tax']; inclusive: boolean } {
  const c = spec.customer;
  const treatment = resolveTaxTreatment({
    sellerCountry: env.sellerCountry,
    customerCountry: c.country ?? '',
    customerRegion: c.region ?? null,
    customerIsBusiness: c.isBusiness,
    customerVatId: c.taxId ?? null,
    customerTaxExempt: c.taxExempt,
    rates: env.rates,
  });
  // NOTE: a rate flagged `inclusive` (e.g. consumer prices shown with VAT in that country) makes
  // its customers' invoices tax-inclusive; otherwise the billing.tax_mode setting decides. An exempt
  // or reverse-charge customer pays the same line amounts with no tax in them.
  const rate = treatment.kind === 'standard' ? (treatment.rate as BillingTaxRate) : null;
  const inclusive = env.taxMode === 'inclusive' || rate?.inclusive === true;
  if (treatment.kind === 'reverse_charge') return { treatment, tax: { name: 'Reverse charge', rateBp: 0 }, inclusive };
  if (rate) return { treatment, tax: { name: rate.name, rateBp: rate.rateBp }, inclusive };
  return { treatment, tax: null, inclusive };
}

/** Builds an invoice's lines (with coupon discount lines), tax rows and totals; pure and DB-free. */
export function prepareInvoice(spec: InvoiceSpec, env: TaxEnv): PreparedInvoice {
  const currency: CurrencyCode = assertCurrency(spec.currency);
  const { treatment, tax, inclusive } = taxSetup(spec, env);
  const rate = treatment.kind === 'standard' ? (treatment.rate as BillingTaxRate) : null;
  const n = spec.lines.length;
  const amounts: Money[] = new Array<Money>(n);
  const totalsLines: TotalsLine[] = [];
  for (let i = 0; i < n; i += 1) {
    const line = spec.lines[i];
    const quantity = line.quantity ?? 1;
    checkLine(line.kind, quantity, line.unitAmountMinor);
    amounts[i] = multiply(money(line.unitAmountMinor, currency), quantity);
    totalsLines.push({ amount: amounts[i], kind: 'item', tax: line.taxable === false ? null : tax });
  }
  const discounts = spec.coupon ? discountLines(spec, amounts, tax, currency) : null;
  if (discounts) {
    for (const d of discounts.lines) totalsLines.push({ amount: money(d.amountMinor, currency), kind: 'discount', tax: d.taxed ? tax : null, discounts: d.discounts });
  }
  const totals = computeTotals(totalsLines, inclusive ? 'inclusive' : 'exclusive', currency);

  const lines: PreparedLine[] = new Array<PreparedLine>(totalsLines.length);
  for (let i = 0; i < n; i += 1) {
    const line = spec.lines[i];
    const taxed = totalsLines[i].tax != null;
    lines[i] = {
      position: i + 1,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity ?? 1,
      unitAmountMinor: line.unitAmountMinor,
      amountMinor: totals.lines[i].net.minor,
      discountMinor: discounts && discounts.perLine[i] !== 0 ? -discounts.perLine[i] : 0,
      taxRateBp: taxed && tax ? tax.rateBp : 0,
      taxMinor: totals.lines[i].tax.minor,
      taxRateId: taxed && rate?.id != null ? Number(rate.id) : null,
      taxable: line.taxable !== false,
      subscriptionId: line.subscriptionId ?? null,
      planId: line.planId ?? null,
      couponId: null,
      periodStart: line.periodStart ?? null,
      periodEnd: line.periodEnd ?? null,
    };
  }
  discounts?.lines.forEach((d, j) => {
    const i = n + j;
    lines[i] = {
      position: i + 1,
      kind: 'discount',
      description: d.description,
      quantity: 1,
      unitAmountMinor: d.amountMinor,
      amountMinor: totals.lines[i].net.minor,
      discountMinor: 0,
      taxRateBp: d.taxed && tax ? tax.rateBp : 0,
      taxMinor: totals.lines[i].tax.minor,
      taxRateId: d.taxed && rate?.id != null ? Number(rate.id) : null,
      taxable: d.discounts.every((k) => spec.lines[k].taxable !== false),
      subscriptionId: null,
      planId: null,
      couponId: spec.coupon?.id ?? null,
      periodStart: null,
      periodEnd: null,
    };
  });

  const taxes: PreparedTax[] = totals.taxBreakdown.map((entry) => ({
    taxRateId: rate?.id != null ? Number(rate.id) : null,
    name: entry.name,
    country: (rate?.country ?? spec.customer.country ?? env.sellerCountry).toUpperCase(),
    region: rate?.region ?? null,
    rateBp: entry.rateBp,
    taxableMinor: entry.taxable.minor,
    taxMinor: entry.tax.minor,
  }));

  return {
    currency,
    kind: spec.kind,
    treatment: treatment.kind,
    taxInclusive: inclusive,
    reverseCharge: treatment.kind === 'reverse_charge',
    notes: treatment.kind === 'reverse_charge' ? REVERSE_CHARGE_NOTE : treatment.kind === 'exempt' ? TAX_EXEMPT_NOTE : null,
    lines,
    taxes,
    subtotalMinor: totals.subtotal.minor,
    discountMinor: negate(totals.discount).minor,
    taxMinor: totals.tax.minor,
    totalMinor: totals.total.minor,
    couponDiscountMinor: discounts && discounts.totalMinor !== 0 ? -discounts.totalMinor : 0,
  };
}
