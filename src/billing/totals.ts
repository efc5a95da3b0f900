// NOTE: An invoice's totals are sums of its rounded lines, never recomputed on a total:
//   subtotal = net of item lines, discount = net of discount lines (<= 0), tax = sum of line taxes,
//   total = subtotal + discount + tax = sum of the lines' gross amounts.
// In inclusive mode the line amounts are gross and subtotal/discount are still shown net of tax,
// so the same equation holds in both modes. Each tax breakdown row (a tax line on the invoice)
// sums the lines taxed at that rate; the rows add up to `tax`.
import { ValidationError } from '../lib/errors.js';
import { type CurrencyCode, type Money, add, sum, zero } from './money.js';
import { type LineTax, type TaxMode, taxForLine } from './tax-math.js';

/** An invoice line: an item (charges and credits) or a discount, taxed at `tax` or untaxed when null. */
export interface TotalsLine {
  readonly amount: Money;
  readonly kind?: 'item' | 'discount';
  readonly tax?: { readonly name: string; readonly rateBp: number } | null;
}

/** One tax line of an invoice: the taxable (net) amount at a rate and the tax on it. */
export interface TaxBreakdownEntry {
  readonly name: string;
  readonly rateBp: number;
  readonly taxable: Money;
  readonly tax: Money;
}

/** An invoice's totals, with each line's net/tax/gross split. */
export interface Totals {
  readonly currency: CurrencyCode;
  readonly subtotal: Money;
  readonly discount: Money;
  readonly tax: Money;
  readonly total: Money;
  readonly taxBreakdown: TaxBreakdownEntry[];
  readonly lines: LineTax[];
}

/** Computes an invoice's subtotal, discount, tax, total and tax lines from its lines. */
export function computeTotals(lines: readonly TotalsLine[], taxMode: TaxMode, currency?: CurrencyCode): Totals {
  const cur = currency ?? lines[0]?.amount.currency;
  if (!cur) throw new ValidationError('totals_no_currency', 'A currency is needed to total an empty invoice');
  const split = lines.map((line) => (line.tax ? taxForLine(line.amount, line.tax.rateBp, taxMode) : untaxed(line.amount)));
  const breakdown = new Map<string, TaxBreakdownEntry>();
  lines.forEach((line, i) => {
    if (!line.tax) return;
    const key = `${line.tax.name}\u0000${line.tax.rateBp}`;
    const entry = breakdown.get(key) ?? { name: line.tax.name, rateBp: line.tax.rateBp, taxable: zero(cur), tax: zero(cur) };
    breakdown.set(key, { ...entry, taxable: add(entry.taxable, split[i].net), tax: add(entry.tax, split[i].tax) });
  });
  const netOf = (kind: 'item' | 'discount'): Money =>
    sum(split.filter((_, i) => (lines[i].kind === 'discount' ? 'discount' : 'item') === kind).map((s) => s.net), cur);
  const subtotal = netOf('item');
  const discount = netOf('discount');
  const tax = sum(split.map((s) => s.tax), cur);
  return {
    currency: cur,
    subtotal,
    discount,
    tax,
    total: add(add(subtotal, discount), tax),
    taxBreakdown: [...breakdown.values()],
    lines: split,
  };
}

function untaxed(amount: Money): LineTax {
  return { net: amount, tax: zero(amount.currency), gross: amount };
}
