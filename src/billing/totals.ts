// NOTE: An invoice's totals are sums of its rounded lines, never recomputed on a total:
//   subtotal = net of item lines, discount = net of discount lines (<= 0), tax = sum of line taxes,
//   total = subtotal + discount + tax = sum of the lines' gross amounts.
// In inclusive mode the line amounts are gross and subtotal/discount are still shown net of tax,
// so the same equation holds in both modes. Each tax breakdown row (a tax line on the invoice)
// sums the lines taxed at that rate; the rows add up to `tax`.
// NOTE: Rounding each line on its own can take back more tax than was charged: lines of 0.10 and
// 0.12 at 20.46% are taxed 0.02 each, a 0.22 discount on both is taxed -0.05, and the invoice would
// total -0.01. Two caps keep rounding from ever doing that; both move the line's tax only, toward
// zero (exclusive: the net stays and the gross follows; inclusive: the gross stays and the net follows):
//   1. a discount line's tax never exceeds the tax of the lines it discounts;
//   2. a rate whose lines add up to zero or more never has a negative tax: the negative lines'
//      taxes, last line first, give back the difference.
import { ValidationError } from '../lib/errors.js';
import { type CurrencyCode, type Money, add, money, subtract, sum, zero } from './money.js';
import { type LineTax, type TaxMode, taxForLine } from './tax-math.js';

/** An invoice line: an item (charges and credits) or a discount, taxed at `tax` or untaxed when null. */
export interface TotalsLine {
  readonly amount: Money;
  readonly kind?: 'item' | 'discount';
  readonly tax?: { readonly name: string; readonly rateBp: number } | null;
  /** For a discount line: positions (in the same list) of the lines it discounts; its tax is capped at theirs. */
  readonly discounts?: readonly number[];
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

const taxKey = (tax: { name: string; rateBp: number }): string => `${tax.name}\u0000${tax.rateBp}`;

/** The line's split with its tax replaced by `tax` (same sign or zero), keeping what the mode fixes. */
function withTax(line: LineTax, tax: Money, mode: TaxMode): LineTax {
  if (mode === 'inclusive') return { net: subtract(line.gross, tax), tax, gross: line.gross };
  return { net: line.net, tax, gross: add(line.net, tax) };
}

/** Rule 1: a discount line's (negative) tax is at most the tax of the lines it discounts. */
function capDiscountTaxes(lines: readonly TotalsLine[], split: LineTax[], mode: TaxMode, cur: CurrencyCode): void {
  lines.forEach((line, i) => {
    if (line.kind !== 'discount' || !line.tax || !line.discounts || split[i].tax.minor >= 0) return;
    const key = taxKey(line.tax);
    const charged = line.discounts.reduce((acc, j) => {
      const target = lines[j];
      const taxed = target?.tax && taxKey(target.tax) === key && split[j].tax.minor > 0;
      return taxed ? acc + split[j].tax.minor : acc;
    }, 0);
    if (-split[i].tax.minor > charged) split[i] = withTax(split[i], money(-charged, cur), mode);
  });
}

/** Rule 2: a rate whose entered amounts sum to zero or more never ends with a negative tax. */
function floorRateTaxes(lines: readonly TotalsLine[], split: LineTax[], mode: TaxMode, cur: CurrencyCode): void {
  if (!split.some((x) => x.tax.minor < 0)) return;
  const groups = new Map<string, number[]>();
  lines.forEach((line, i) => {
    if (!line.tax) return;
    const key = taxKey(line.tax);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  for (const members of groups.values()) {
    if (sum(members.map((i) => lines[i].amount), cur).minor < 0) continue;
    let missing = -sum(members.map((i) => split[i].tax), cur).minor;
    for (let k = members.length - 1; k >= 0 && missing > 0; k -= 1) {
      const i = members[k];
      const give = Math.min(missing, -split[i].tax.minor);
      if (give <= 0) continue;
      split[i] = withTax(split[i], add(split[i].tax, money(give, cur)), mode);
      missing -= give;
    }
  }
}

/** Computes an invoice's subtotal, discount, tax, total and tax lines from its lines. */
export function computeTotals(lines: readonly TotalsLine[], taxMode: TaxMode, currency?: CurrencyCode): Totals {
  const cur = currency ?? lines[0]?.amount.currency;
  if (!cur) throw new ValidationError('totals_no_currency', 'A currency is needed to total an empty invoice');
  const split = lines.map((line) => (line.tax ? taxForLine(line.amount, line.tax.rateBp, taxMode) : untaxed(line.amount)));
  capDiscountTaxes(lines, split, taxMode, cur);
  floorRateTaxes(lines, split, taxMode, cur);
  const breakdown = new Map<string, TaxBreakdownEntry>();
  lines.forEach((line, i) => {
    if (!line.tax) return;
    const key = taxKey(line.tax);
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
