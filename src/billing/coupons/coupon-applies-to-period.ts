import type { CouponDuration } from '../../models/enums.js';

/** Whether a coupon discounts billing period `periodIndex` (0 = the first, bought with the order): once, N periods, forever. */
export function couponAppliesToPeriod(coupon: { duration: CouponDuration; durationPeriods?: number | null }, periodIndex: number): boolean {
  if (!Number.isInteger(periodIndex) || periodIndex < 0) return false;
  if (coupon.duration === 'forever') return true;
  if (coupon.duration === 'repeating') return periodIndex < (coupon.durationPeriods ?? 0);
  return periodIndex === 0;
}
