import type { Transaction } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { isUniqueViolation, inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import { Coupon } from '../../models/coupon.js';
import { CouponAmount } from '../../models/coupon-amount.js';
import type { CurrencyCode } from '../../models/enums.js';
import { type CouponInput, checkCouponInput, couponColumns } from './coupon-input.js';

/** Replaces a fixed coupon's amounts with `amounts` (percent coupons have none). */
export async function writeCouponAmounts(coupon: Coupon, amounts: CouponInput['amounts'], t: Transaction): Promise<CouponAmount[]> {
  await CouponAmount.destroy({ where: { couponId: coupon.id }, transaction: t });
  if (coupon.kind !== 'fixed') return [];
  const rows = Object.entries(amounts ?? {}).map(([currency, amountMinor]) => ({ couponId: coupon.id, currency: currency as CurrencyCode, amountMinor: amountMinor as number }));
  return CouponAmount.bulkCreate(rows, { transaction: t });
}

/** Staff create a coupon (percent or fixed per currency, duration, restrictions, limits); audited. */
export async function createCoupon(input: CouponInput, ctx: Ctx): Promise<Coupon> {
  checkCouponInput(input);
  const columns = couponColumns(input);
  try {
    return await inTransaction(ctx, async (t) => {
      if (await Coupon.findOne({ where: { code: columns.code }, transaction: t })) throw new ConflictError('coupon_code_taken', `Coupon code ${columns.code} is taken`);
      const coupon = await Coupon.create(columns, { transaction: t });
      coupon.amounts = await writeCouponAmounts(coupon, input.amounts, t);
      await recordAudit({ action: 'coupon.created', entityType: 'coupon', entityId: coupon.id, after: { ...coupon.get({ plain: true }), amounts: input.amounts ?? null } }, withTx(ctx, t));
      return coupon;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('coupon_code_taken', `Coupon code ${columns.code} is taken`);
    throw err;
  }
}
