import { ValidationError } from '../../lib/errors.js';
import type { BillingCycle, CouponDuration, CouponKind, CurrencyCode, PlanType } from '../../models/enums.js';
import { CURRENCY_CODES } from '../../models/enums.js';

/** What staff set on a coupon. */
export interface CouponInput {
  readonly code: string;
  readonly description?: string | null;
  readonly kind: CouponKind;
  /** Percent coupons: 1..10000 basis points. */
  readonly percentBp?: number | null;
  /** Fixed coupons: amount off per currency, minor units. */
  readonly amounts?: Readonly<Partial<Record<CurrencyCode, number>>> | null;
  readonly duration?: CouponDuration;
  /** Repeating coupons: how many billing periods. */
  readonly durationPeriods?: number | null;
  readonly appliesToPlanIds?: number[] | null;
  readonly appliesToTypes?: PlanType[] | null;
  readonly appliesToCycles?: BillingCycle[] | null;
  readonly newCustomersOnly?: boolean;
  readonly validFrom?: Date | null;
  readonly validUntil?: Date | null;
  readonly maxRedemptions?: number | null;
  readonly maxPerCustomer?: number | null;
  readonly active?: boolean;
}

const bad = (code: string, message: string): never => {
  throw new ValidationError(code, message);
};

const positiveOrNull = (v: number | null | undefined, what: string): void => {
  if (v != null && (!Number.isSafeInteger(v) || v < 1)) bad('coupon_invalid_limit', `${what} must be a whole number of at least 1`);
};

/** Checks a complete coupon (after merging changes) with clear errors before the model's own checks. */
export function checkCouponInput(c: CouponInput): void {
  if (!/^[A-Z0-9_-]{2,64}$/.test(String(c.code ?? '').trim().toUpperCase())) bad('coupon_invalid_code', 'A code has 2-64 letters, digits, - or _');
  if (c.kind === 'percent' && (c.percentBp == null || !Number.isSafeInteger(c.percentBp) || c.percentBp < 1 || c.percentBp > 10_000)) {
    bad('coupon_invalid_percent', 'A percent coupon takes 1 to 10000 basis points');
  }
  if (c.kind === 'fixed') {
    const entries = Object.entries(c.amounts ?? {});
    if (entries.length === 0) bad('coupon_amounts_required', 'A fixed coupon needs an amount in at least one currency');
    for (const [currency, minor] of entries) {
      if (!(CURRENCY_CODES as readonly string[]).includes(currency)) bad('coupon_invalid_currency', `Unknown currency ${currency}`);
      if (!Number.isSafeInteger(minor) || (minor as number) < 1) bad('coupon_invalid_amount', `The ${currency} amount must be at least 1 minor unit`);
    }
  }
  if ((c.duration ?? 'once') === 'repeating') positiveOrNull(c.durationPeriods ?? 0, 'The number of periods');
  positiveOrNull(c.maxRedemptions, 'The redemption limit');
  positiveOrNull(c.maxPerCustomer, 'The per-customer limit');
  if (c.validFrom && c.validUntil && c.validUntil <= c.validFrom) bad('coupon_invalid_window', 'A coupon must end after it starts');
}

/** Coupon columns from input (percent and periods cleared where the kind or duration has none). */
export function couponColumns(c: CouponInput) {
  const duration = c.duration ?? 'once';
  return {
    code: c.code.trim().toUpperCase(),
    description: c.description ?? null,
    kind: c.kind,
    percentBp: c.kind === 'percent' ? (c.percentBp ?? null) : null,
    duration,
    durationPeriods: duration === 'repeating' ? (c.durationPeriods ?? null) : null,
    appliesToPlanIds: c.appliesToPlanIds?.length ? c.appliesToPlanIds : null,
    appliesToTypes: c.appliesToTypes?.length ? c.appliesToTypes : null,
    appliesToCycles: c.appliesToCycles?.length ? c.appliesToCycles : null,
    newCustomersOnly: c.newCustomersOnly ?? false,
    validFrom: c.validFrom ?? null,
    validUntil: c.validUntil ?? null,
    maxRedemptions: c.maxRedemptions ?? null,
    maxPerCustomer: c.maxPerCustomer ?? null,
    active: c.active ?? true,
  };
}
