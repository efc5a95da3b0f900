// NOTE: A coupon at checkout: validated by the coupons module (window, limits, restrictions,
// currency), narrowed to the order's items it applies to (plan, type and cycle together), and carried
// by each eligible subscription for the periods after the first ('once' = the first invoice only,
// 'repeating' = N periods in all, 'forever').
import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { Coupon } from '../../models/coupon.js';
import type { BillingCycle, CurrencyCode, PlanType } from '../../models/enums.js';
import { validateCoupon } from '../coupons/validate-coupon.js';
import { redeemCoupon, type Redemption } from '../coupons/redeem-coupon.js';
import type { InvoiceCouponSpec } from '../invoices/invoice-types.js';

/** An order item as a coupon sees it. */
export interface CouponItem {
  readonly planId: number;
  readonly planType: PlanType;
  readonly cycle: BillingCycle;
}

/** A coupon accepted for an order: the invoice's view of it and the items it applies to. */
export interface OrderCoupon {
  readonly coupon: Coupon;
  readonly spec: InvoiceCouponSpec;
  /** Per item of the order: whether the coupon applies to it. */
  readonly eligible: readonly boolean[];
}

/** Whether a coupon applies to an item (plans, types and cycles it is limited to). */
export function couponAppliesTo(coupon: Pick<Coupon, 'appliesToPlanIds' | 'appliesToTypes' | 'appliesToCycles'>, item: CouponItem): boolean {
  if (coupon.appliesToPlanIds?.length && !coupon.appliesToPlanIds.map(Number).includes(item.planId)) return false;
  if (coupon.appliesToTypes?.length && !coupon.appliesToTypes.includes(item.planType)) return false;
  if (coupon.appliesToCycles?.length && !coupon.appliesToCycles.includes(item.cycle)) return false;
  return true;
}

/** Billing periods after the first that a subscription keeps the coupon for: null = forever. */
export function couponPeriodsAfterFirst(coupon: Pick<Coupon, 'duration' | 'durationPeriods'>): number | null {
  if (coupon.duration === 'forever') return null;
  if (coupon.duration === 'repeating') return Math.max(0, (coupon.durationPeriods ?? 1) - 1);
  return 0;
}

/** Checks a coupon code for an order; throws the coupons module's error saying why it cannot be used. */
export async function findOrderCoupon(
  code: string,
  input: { customerId: number | null; items: readonly CouponItem[]; currency: CurrencyCode; at: Date },
  t?: Transaction,
): Promise<OrderCoupon> {
  const { coupon, invoiceCoupon } = await validateCoupon(
    code,
    {
      customerId: input.customerId,
      planIds: input.items.map((i) => i.planId),
      planTypes: input.items.map((i) => i.planType),
      cycles: input.items.map((i) => i.cycle),
      currency: input.currency,
      at: input.at,
    },
    t,
  );
  const eligible = input.items.map((item) => couponAppliesTo(coupon, item));
  if (!eligible.some(Boolean)) throw new ValidationError('coupon_not_applicable', `Coupon ${coupon.code} does not apply to this order`);
  // NOTE: the invoice restricts discounts by plan; a restriction by type or cycle is folded into the plan list.
  const planIds = [...new Set(input.items.filter((_, i) => eligible[i]).map((item) => item.planId))];
  return { coupon, spec: { ...invoiceCoupon, planIds, planTypes: null }, eligible };
}

/** Records the order's redemption (once per coupon and order), race-safe against the coupon's limits. */
export async function redeemOrderCoupon(
  input: { coupon: Coupon; customerId: number; orderId: number; subscriptionId: number | null; invoiceId: number; amountMinor: number; currency: CurrencyCode },
  ctx: Ctx,
): Promise<Redemption> {
  return redeemCoupon(
    { couponId: input.coupon.id, customerId: input.customerId, orderId: input.orderId, subscriptionId: input.subscriptionId, invoiceId: input.invoiceId, amountMinor: input.amountMinor, currency: input.currency },
    ctx,
  );
}
