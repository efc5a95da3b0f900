import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../../db/sequelize.js';
import { isUniqueViolation, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Coupon } from '../../models/coupon.js';
import { CouponRedemption } from '../../models/coupon-redemption.js';
import type { CurrencyCode } from '../../models/enums.js';
import { sharedReadSql } from '../ledger/locking-read.js';

/** A coupon used on an order (or a subscription's invoice) for a discount of `amountMinor`. */
export interface RedeemCouponInput {
  readonly couponId: number;
  readonly customerId: number;
  readonly orderId?: number | null;
  readonly subscriptionId?: number | null;
  readonly invoiceId?: number | null;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

/** The redemption row, and whether it already existed for this coupon and order. */
export interface Redemption {
  readonly redemption: CouponRedemption;
  readonly duplicate: boolean;
}

/** The redemption this use already made: per order, or per invoice for a renewal without an order. */
async function findExisting(input: RedeemCouponInput, t?: Transaction, locking = false): Promise<CouponRedemption | null> {
  const by = input.orderId != null ? { column: 'order_id', value: input.orderId } : input.invoiceId != null ? { column: 'invoice_id', value: input.invoiceId } : null;
  if (!by) return null;
  const [row] = await sequelize().query<{ id: number }>(`SELECT id FROM coupon_redemptions WHERE coupon_id = :couponId AND ${by.column} = :value${locking ? sharedReadSql(t) : ''}`, {
    replacements: { couponId: input.couponId, value: by.value },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return row ? CouponRedemption.findByPk(row.id, { transaction: t }) : null;
}

async function redeem(input: RedeemCouponInput, ctx: Ctx, t: Transaction): Promise<Redemption> {
  const before = await findExisting(input, t);
  if (before) return { redemption: before, duplicate: true };
  const s = sequelize();
  // NOTE: the conditional UPDATE both checks the limit and takes the coupon's row lock, so concurrent
  // redemptions queue here and the per-customer count below sees every committed redemption.
  const changed = await s.query(
    'UPDATE coupons SET times_redeemed = times_redeemed + 1, updated_at = :now WHERE id = :id AND active = :yes AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)',
    { replacements: { id: input.couponId, now: ctx.now, yes: true }, type: QueryTypes.BULKUPDATE, transaction: t },
  );
  const coupon = await Coupon.findByPk(input.couponId, { transaction: t });
  if (!coupon) throw new NotFoundError('coupon_not_found', `Coupon ${input.couponId} not found`);
  if (Number(changed) === 0) {
    if (!coupon.active) throw new ConflictError('coupon_inactive', `Coupon ${coupon.code} is no longer available`);
    throw new ConflictError('coupon_exhausted', `Coupon ${coupon.code} has been used up`);
  }
  const raced = await findExisting(input, t, true);
  if (raced) {
    await s.query('UPDATE coupons SET times_redeemed = times_redeemed - 1 WHERE id = :id', { replacements: { id: coupon.id }, type: QueryTypes.BULKUPDATE, transaction: t });
    return { redemption: raced, duplicate: true };
  }
  if (coupon.maxPerCustomer != null) {
    const [row] = await s.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM coupon_redemptions WHERE coupon_id = :couponId AND customer_id = :customerId AND renewal = :no${sharedReadSql(t)}`, {
      replacements: { couponId: coupon.id, customerId: input.customerId, no: false },
      type: QueryTypes.SELECT,
      transaction: t,
    });
    if (Number(row?.n ?? 0) >= coupon.maxPerCustomer) throw new ConflictError('coupon_customer_limit', `Coupon ${coupon.code} has already been used on this account`);
  }
  const redemption = await CouponRedemption.create(
    {
      couponId: coupon.id,
      customerId: input.customerId,
      orderId: input.orderId ?? null,
      subscriptionId: input.subscriptionId ?? null,
      invoiceId: input.invoiceId ?? null,
      amountMinor: input.amountMinor,
      currency: input.currency,
      redeemedAt: ctx.now,
    },
    { transaction: t },
  );
  return { redemption, duplicate: false };
}

/**
 * Records a coupon's use (redemption row + times_redeemed), race-safe against its limits; once per
 * coupon and order (or invoice). Later periods of the same subscription are `recordRenewalRedemption`.
 */
export async function redeemCoupon(input: RedeemCouponInput, ctx: Ctx): Promise<Redemption> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0) throw new ValidationError('coupon_invalid_amount', 'The discount must not be negative');
  try {
    return await inTransaction(ctx, (t) => redeem(input, ctx, t));
  } catch (err) {
    if (!isUniqueViolation(err) || ctx.transaction) throw err;
    const winner = await findExisting(input);
    if (!winner) throw err;
    return { redemption: winner, duplicate: true };
  }
}
