import { Op, type Transaction } from 'sequelize';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Coupon } from '../../models/coupon.js';
import { CouponAmount } from '../../models/coupon-amount.js';
import { CouponRedemption } from '../../models/coupon-redemption.js';
import type { BillingCycle, CurrencyCode } from '../../models/enums.js';
import { Invoice } from '../../models/invoice.js';
import type { InvoiceCouponSpec } from '../invoices/invoice-types.js';
import { toInvoiceCoupon } from './to-invoice-coupon.js';

/** Where a coupon is about to be used. */
export interface CouponUse {
  readonly customerId?: number | null;
  /** Plans being bought or renewed; the coupon must allow at least one. */
  readonly planIds?: readonly number[];
  readonly planTypes?: readonly string[];
  readonly cycles?: readonly BillingCycle[];
  readonly currency: CurrencyCode;
  readonly at: Date;
}

/** A usable coupon, with its amounts and its shape for `prepareInvoice`. */
export interface ValidCoupon {
  readonly coupon: Coupon;
  readonly amounts: CouponAmount[];
  readonly invoiceCoupon: InvoiceCouponSpec;
}

const fail = (code: string, message: string): never => {
  throw new ValidationError(code, message);
};

function allows<T>(list: readonly T[] | null | undefined, wanted: readonly T[] | undefined, same: (a: T, b: T) => boolean): boolean {
  if (!list || list.length === 0 || !wanted) return true;
  return wanted.some((w) => list.some((l) => same(l, w)));
}

/** Checks a coupon code for a use: active, in its window, redemptions left (total and per customer), restrictions, currency. */
export async function validateCoupon(code: string, use: CouponUse, t?: Transaction): Promise<ValidCoupon> {
  const coupon = await Coupon.findOne({ where: { code: String(code ?? '').trim().toUpperCase() }, transaction: t });
  if (!coupon) throw new NotFoundError('coupon_not_found', `No coupon with code ${code}`);
  const label = `Coupon ${coupon.code}`;
  if (!coupon.active) fail('coupon_inactive', `${label} is no longer available`);
  if (coupon.validFrom && use.at < coupon.validFrom) fail('coupon_not_yet_valid', `${label} is not valid yet`);
  if (coupon.validUntil && use.at >= coupon.validUntil) fail('coupon_expired', `${label} has expired`);
  if (coupon.maxRedemptions != null && coupon.timesRedeemed >= coupon.maxRedemptions) fail('coupon_exhausted', `${label} has been used up`);
  if (!allows(coupon.appliesToPlanIds, use.planIds, (a, b) => Number(a) === Number(b))) fail('coupon_not_applicable', `${label} does not apply to these plans`);
  if (!allows<string>(coupon.appliesToTypes, use.planTypes, (a, b) => a === b)) fail('coupon_not_applicable', `${label} does not apply to this kind of service`);
  if (!allows<string>(coupon.appliesToCycles, use.cycles, (a, b) => a === b)) fail('coupon_not_applicable', `${label} does not apply to this billing cycle`);
  const amounts = await CouponAmount.findAll({ where: { couponId: coupon.id }, transaction: t });
  if (coupon.kind === 'fixed' && !amounts.some((a) => a.currency === use.currency)) {
    fail('coupon_currency_unavailable', `${label} cannot be used in ${use.currency}`);
  }
  if (use.customerId != null) {
    if (coupon.maxPerCustomer != null) {
      // NOTE: a use is the coupon taken on an order; the renewals it keeps discounting are not new uses.
      const used = await CouponRedemption.count({ where: { couponId: coupon.id, customerId: use.customerId, renewal: false }, transaction: t });
      if (used >= coupon.maxPerCustomer) fail('coupon_customer_limit', `${label} has already been used on this account`);
    }
    if (coupon.newCustomersOnly) {
      // NOTE: a "new customer" has never been issued an invoice (drafts and voided ones do not count).
      const billed = await Invoice.count({ where: { customerId: use.customerId, status: { [Op.in]: ['open', 'paid', 'uncollectible'] } }, transaction: t });
      if (billed > 0) fail('coupon_new_customers_only', `${label} is for new customers only`);
    }
  }
  return { coupon, amounts, invoiceCoupon: toInvoiceCoupon(coupon, amounts) };
}
