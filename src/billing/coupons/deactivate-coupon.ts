import { recordAudit } from '../../audit/record-audit.js';
import { forUpdate, inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Coupon } from '../../models/coupon.js';

/** Staff stop a coupon from being redeemed again (subscriptions already using it keep their discount); audited. */
export async function deactivateCoupon(couponId: number, ctx: Ctx): Promise<Coupon> {
  return inTransaction(ctx, async (t) => {
    const coupon = await Coupon.findByPk(couponId, forUpdate(t));
    if (!coupon) throw new NotFoundError('coupon_not_found', `Coupon ${couponId} not found`);
    if (!coupon.active) return coupon;
    await coupon.update({ active: false }, { transaction: t });
    await recordAudit({ action: 'coupon.deactivated', entityType: 'coupon', entityId: coupon.id, before: { active: true }, after: { active: false } }, withTx(ctx, t));
    return coupon;
  });
}
