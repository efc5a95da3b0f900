import { recordAudit } from '../../audit/record-audit.js';
import { forUpdate, isUniqueViolation, inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { Coupon } from '../../models/coupon.js';
import { CouponAmount } from '../../models/coupon-amount.js';
import type { CurrencyCode } from '../../models/enums.js';
import { type CouponInput, checkCouponInput, couponColumns } from './coupon-input.js';
import { writeCouponAmounts } from './create-coupon.js';

/** Staff change a coupon; changes apply to future invoices only (issued ones are immutable); audited. */
export async function updateCoupon(couponId: number, changes: Partial<CouponInput>, ctx: Ctx): Promise<Coupon> {
  try {
    return await inTransaction(ctx, async (t) => {
      const coupon = await Coupon.findByPk(couponId, forUpdate(t));
      if (!coupon) throw new NotFoundError('coupon_not_found', `Coupon ${couponId} not found`);
      const current = await CouponAmount.findAll({ where: { couponId }, transaction: t });
      const amounts = Object.fromEntries(current.map((a) => [a.currency, Number(a.amountMinor)])) as Partial<Record<CurrencyCode, number>>;
      const before = { ...coupon.get({ plain: true }), amounts };
      const merged: CouponInput = { ...(coupon.get({ plain: true }) as CouponInput), amounts, ...changes };
      checkCouponInput(merged);
      const columns = couponColumns(merged);
      if (columns.code !== coupon.code && (await Coupon.findOne({ where: { code: columns.code }, transaction: t }))) {
        throw new ConflictError('coupon_code_taken', `Coupon code ${columns.code} is taken`);
      }
      await coupon.update(columns, { transaction: t });
      if (changes.amounts !== undefined || changes.kind !== undefined) coupon.amounts = await writeCouponAmounts(coupon, merged.amounts, t);
      await recordAudit({ action: 'coupon.updated', entityType: 'coupon', entityId: coupon.id, before, after: { ...coupon.get({ plain: true }), amounts: merged.amounts ?? null } }, withTx(ctx, t));
      return coupon;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('coupon_code_taken', 'That coupon code is taken');
    throw err;
  }
}
