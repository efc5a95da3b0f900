import type { Transaction } from 'sequelize';
import { Coupon } from '../../models/coupon.js';
import { CouponAmount } from '../../models/coupon-amount.js';
import type { InvoiceCouponSpec } from '../invoices/invoice-types.js';
import type { CurrencyCode } from '../money.js';

/** The coupon as `prepareInvoice` takes it: kind, value, amounts per currency and plan restrictions. */
export function toInvoiceCoupon(coupon: Coupon, amounts: readonly CouponAmount[] = coupon.amounts ?? []): InvoiceCouponSpec {
  const perCurrency: Partial<Record<CurrencyCode, number>> = {};
  for (const a of amounts) perCurrency[a.currency] = Number(a.amountMinor);
  return {
    id: coupon.id,
    code: coupon.code,
    kind: coupon.kind,
    percentBp: coupon.percentBp ?? null,
    amounts: coupon.kind === 'fixed' ? perCurrency : null,
    planIds: coupon.appliesToPlanIds?.length ? coupon.appliesToPlanIds.map(Number) : null,
    planTypes: coupon.appliesToTypes?.length ? [...coupon.appliesToTypes] : null,
  };
}

/** Loads a coupon with its amounts as an invoice coupon, or null when it does not exist. */
export async function loadInvoiceCoupon(couponId: number, t?: Transaction): Promise<InvoiceCouponSpec | null> {
  const coupon = await Coupon.findByPk(couponId, { transaction: t });
  if (!coupon) return null;
  return toInvoiceCoupon(coupon, await CouponAmount.findAll({ where: { couponId }, transaction: t }));
}
