import { type CurrencyCode, type Money, add, toDecimalString, zero } from '../money.js';
import { applyCoupon, type Coupon } from '../discounts.js';
import type { TotalsLine } from '../totals.js';
import type { InvoiceCouponSpec, InvoiceLineSpec, InvoiceSpec } from './invoice-types.js';

/** A discount line to add: its signed amount, whether it carries the invoice's tax, and the item lines it discounts. */
export interface DiscountLine {
  readonly description: string;
  readonly amountMinor: number;
  readonly taxed: boolean;
  /** Indices (in the spec's lines) of the items this line discounts; its tax never exceeds theirs. */
  readonly discounts: number[];
}

/** Coupon result: one discount line per tax class, the share on each item line (<= 0) and the total. */
export interface DiscountResult {
  readonly lines: DiscountLine[];
  readonly perLine: number[];
  readonly totalMinor: number;
}

// NOTE: coupons discount what is sold (plans, options, addons, setup fees); never usage, prorations
// (computed from already-discounted prices), staff corrections or credits.
const DISCOUNTABLE = new Set(['plan', 'option', 'addon', 'setup_fee']);

function eligible(line: InvoiceLineSpec, coupon: InvoiceCouponSpec): boolean {
  if (!DISCOUNTABLE.has(line.kind)) return false;
  if (coupon.planIds && (line.planId == null || !coupon.planIds.some((id) => Number(id) === Number(line.planId)))) return false;
  if (coupon.planTypes && (line.planType == null || !coupon.planTypes.includes(line.planType))) return false;
  return true;
}

/** 1250 basis points -> "12.5%". */
export function formatPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

function label(coupon: InvoiceCouponSpec, currency: CurrencyCode): string {
  if (coupon.kind === 'percent') return `Discount ${coupon.code} (${formatPercent(coupon.percentBp ?? 0)})`;
  const fixed = coupon.amounts?.[currency];
  return fixed === undefined ? `Discount ${coupon.code}` : `Discount ${coupon.code} (${toDecimalString(fixed, currency)} ${currency} off)`;
}

/**
 * Spreads a coupon over the eligible lines with discounts.ts and groups the shares into discount
 * lines: one for taxed lines and one for untaxed lines, so each discount is taxed like what it discounts.
 */
export function discountLines(spec: InvoiceSpec, amounts: readonly Money[], tax: TotalsLine['tax'], currency: CurrencyCode): DiscountResult | null {
  const coupon = spec.coupon;
  if (!coupon) return null;
  const picked: number[] = [];
  for (let i = 0; i < spec.lines.length; i += 1) if (eligible(spec.lines[i], coupon)) picked.push(i);
  const perLine: number[] = new Array<number>(spec.lines.length).fill(0);
  if (picked.length === 0) return { lines: [], perLine, totalMinor: 0 };
  const asCoupon: Coupon =
    coupon.kind === 'percent' ? { kind: 'percent', percentBp: coupon.percentBp ?? 0 } : { kind: 'fixed', amounts: coupon.amounts ?? {} };
  const result = applyCoupon(picked.map((i) => ({ amount: amounts[i] })), asCoupon, currency);
  let taxed = zero(currency);
  let untaxed = zero(currency);
  const taxedItems: number[] = [];
  const untaxedItems: number[] = [];
  picked.forEach((i, k) => {
    const share = result.perLine[k];
    perLine[i] = share.minor;
    if (share.minor === 0) return;
    if (tax && spec.lines[i].taxable !== false) {
      taxed = add(taxed, share);
      taxedItems.push(i);
    } else {
      untaxed = add(untaxed, share);
      untaxedItems.push(i);
    }
  });
  const taxedMinor = taxed.minor;
  const untaxedMinor = untaxed.minor;
  const description = label(coupon, currency);
  const lines: DiscountLine[] = [];
  if (taxedMinor !== 0) lines.push({ description, amountMinor: taxedMinor, taxed: true, discounts: taxedItems });
  if (untaxedMinor !== 0) {
    lines.push({ description: tax ? `${description}, untaxed items` : description, amountMinor: untaxedMinor, taxed: false, discounts: untaxedItems });
  }
  return { lines, perLine, totalMinor: result.total.minor };
}
