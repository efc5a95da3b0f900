// NOTE: A coupon is computed once on the total of its eligible lines (percent rounded half away
// from zero, or a fixed amount capped at that total) and then spread over those lines in
// proportion to their amounts with `allocate` (largest remainder). So the discount lines add up to
// exactly the coupon's value and no line is ever discounted below zero. Lines with a zero or
// negative amount (credits, earlier discounts) are never eligible.
import { ValidationError } from '../lib/errors.js';
import {
  type CurrencyCode,
  type Money,
  BASIS_POINTS,
  allocate,
  assertSafeInteger,
  min,
  money,
  negate,
  percentOf,
  sum,
  zero,
} from './money.js';

/** A product identifier as stored on a line and in a coupon's restriction list. */
export type ProductRef = string | number;

/** A percent (basis points) or fixed (per currency, minor units) coupon, optionally limited to products. */
export type Coupon =
  | { readonly kind: 'percent'; readonly percentBp: number; readonly productIds?: readonly ProductRef[] | null }
  | {
      readonly kind: 'fixed';
      readonly amounts: Readonly<Partial<Record<CurrencyCode, number>>>;
      readonly productIds?: readonly ProductRef[] | null;
    };

/** A line a coupon may apply to. */
export interface DiscountableLine {
  readonly amount: Money;
  readonly productId?: ProductRef | null;
}

/** The discount on each line (zero or negative, aligned with the input) and their total. */
export interface CouponResult {
  readonly perLine: Money[];
  readonly total: Money;
}

function isEligible(line: DiscountableLine, coupon: Coupon): boolean {
  if (line.amount.minor <= 0) return false;
  if (!coupon.productIds) return true;
  return line.productId != null && coupon.productIds.some((id) => String(id) === String(line.productId));
}

function couponValue(coupon: Coupon, eligibleTotal: Money): Money {
  if (coupon.kind === 'percent') {
    assertSafeInteger(coupon.percentBp, 'Coupon percent (basis points)');
    if (coupon.percentBp < 0 || coupon.percentBp > BASIS_POINTS) {
      throw new ValidationError('coupon_invalid_percent', 'A percent coupon must be 0 to 10000 basis points');
    }
    return percentOf(eligibleTotal, coupon.percentBp);
  }
  if (coupon.kind === 'fixed') {
    const minor = coupon.amounts[eligibleTotal.currency];
    // NOTE: a fixed coupon without an amount in the invoice's currency does not apply (no conversion).
    if (minor === undefined) return zero(eligibleTotal.currency);
    if (assertSafeInteger(minor, 'Coupon amount') < 0) {
      throw new ValidationError('coupon_invalid_amount', 'A fixed coupon amount must not be negative');
    }
    return min(money(minor, eligibleTotal.currency), eligibleTotal);
  }
  throw new ValidationError('coupon_invalid_kind', 'Unknown coupon kind');
}

/** Applies a coupon to lines of one currency: the discount per line, never more than the line itself. */
export function applyCoupon(lines: readonly DiscountableLine[], coupon: Coupon, currency?: CurrencyCode): CouponResult {
  const cur = currency ?? lines[0]?.amount.currency;
  if (!cur) throw new ValidationError('coupon_no_currency', 'A currency is needed to discount an empty invoice');
  sum(lines.map((l) => l.amount), cur); // throws on a line in another currency
  const eligible = lines.map((line) => isEligible(line, coupon));
  const eligibleTotal = sum(lines.filter((_, i) => eligible[i]).map((l) => l.amount), cur);
  const value = eligibleTotal.minor > 0 ? couponValue(coupon, eligibleTotal) : zero(cur);
  if (value.minor === 0) return { perLine: lines.map(() => zero(cur)), total: zero(cur) };
  const shares = allocate(value, lines.map((l, i) => (eligible[i] ? l.amount.minor : 0)));
  return { perLine: shares.map(negate), total: negate(value) };
}
