// NOTE: How a hosting company counts coupons: a redemption is one use of a coupon on a subscription,
// made with the order (redeemCoupon: it counts against max_redemptions and max_per_customer). A
// coupon for N periods then discounts N - 1 renewals of that subscription; each of those is written
// down as a `renewal` redemption row (the history shows every invoice the coupon took money off),
// but none is a new use, so the limits never count it and a renewal is never refused for them.
import type { Transaction } from 'sequelize';
import { isUniqueViolation, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { CouponRedemption } from '../../models/coupon-redemption.js';
import type { CurrencyCode } from '../../models/enums.js';
import type { SqlValue } from '../renewals/insert-rows.js';

/** The coupon's discount on one renewal invoice. */
export interface RenewalRedemptionInput {
  readonly couponId: number;
  readonly customerId: number;
  readonly subscriptionId: number;
  readonly invoiceId: number;
  /** The discount as entered on the invoice's lines (positive). */
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

/** Columns of a renewal redemption for a multi-row INSERT (see `renewalRedemptionRow`). */
export const RENEWAL_REDEMPTION_COLUMNS = [
  'coupon_id', 'customer_id', 'order_id', 'subscription_id', 'invoice_id', 'amount_minor', 'currency', 'redeemed_at', 'renewal', 'created_at', 'updated_at',
] as const;

/** A renewal redemption as raw values in `RENEWAL_REDEMPTION_COLUMNS` order (batched renewals). */
export function renewalRedemptionRow(input: RenewalRedemptionInput, now: Date): SqlValue[] {
  return [input.couponId, input.customerId, null, input.subscriptionId, input.invoiceId, input.amountMinor, input.currency, now, true, now, now];
}

const existing = (input: RenewalRedemptionInput, t?: Transaction): Promise<CouponRedemption | null> =>
  CouponRedemption.findOne({ where: { couponId: input.couponId, invoiceId: input.invoiceId }, transaction: t });

/** Records a coupon's discount on a renewal invoice, once per coupon and invoice (a repeat returns the first row). */
export async function recordRenewalRedemption(input: RenewalRedemptionInput, ctx: Ctx): Promise<CouponRedemption> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0) throw new ValidationError('coupon_invalid_amount', 'The discount must not be negative');
  try {
    return await inTransaction(ctx, async (t) => {
      const found = await existing(input, t);
      if (found) return found;
      return CouponRedemption.create({ ...input, orderId: null, redeemedAt: ctx.now, renewal: true }, { transaction: t });
    });
  } catch (err) {
    if (!isUniqueViolation(err) || ctx.transaction) throw err;
    const winner = await existing(input);
    if (!winner) throw err;
    return winner;
  }
}
