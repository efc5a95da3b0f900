import { expect } from 'chai';
import { couponAppliesToPeriod } from '../../../../src/billing/coupons/coupon-applies-to-period.js';
import { createCoupon } from '../../../../src/billing/coupons/create-coupon.js';
import { deactivateCoupon } from '../../../../src/billing/coupons/deactivate-coupon.js';
import { redeemCoupon } from '../../../../src/billing/coupons/redeem-coupon.js';
import { updateCoupon } from '../../../../src/billing/coupons/update-coupon.js';
import { validateCoupon, type CouponUse } from '../../../../src/billing/coupons/validate-coupon.js';
import { clock } from '../../../../src/lib/clock.js';
import { AuditLog, Coupon, CouponAmount, CouponRedemption } from '../../../../src/models/index.js';
import { createCoupon as couponFactory, createPlan } from '../../../factories/catalog.js';
import { createOrder } from '../../../factories/commerce.js';
import { createCustomer } from '../../../factories/identity.js';
import { bill, failure, freshBilling, staff, sys } from '../invoices/support.js';

const use = (extra: Partial<CouponUse> = {}): CouponUse => ({ currency: 'USD', at: clock.now(), ...extra });

describe('billing / coupons', () => {
  beforeEach(freshBilling);

  it('when a coupon is out of its window, inactive or used up, then validation names the reason', async () => {
    for (const [trait, code] of [['expired', 'coupon_expired'], ['notYetValid', 'coupon_not_yet_valid'], ['inactive', 'coupon_inactive'], ['exhausted', 'coupon_exhausted']] as const) {
      const coupon = await couponFactory({}, trait);
      expect((await failure(validateCoupon(coupon.code, use()))).code, trait).to.equal(code);
    }
    expect((await failure(validateCoupon('NOPE', use()))).code).to.equal('coupon_not_found');
  });

  it('when a coupon is limited to plans or types, then it only validates for them and only discounts their lines', async () => {
    const vps = await createPlan({}, 'vps');
    const game = await createPlan({}, 'game');
    const coupon = await couponFactory({ code: 'VPSONLY', appliesToPlanIds: [vps.id], percentBp: 5000 });
    expect((await failure(validateCoupon('vpsonly', use({ planIds: [game.id] })))).code).to.equal('coupon_not_applicable');
    const valid = await validateCoupon('vpsonly', use({ planIds: [vps.id, game.id] }));
    expect(valid.coupon.id).to.equal(coupon.id);
    const invoice = await bill(await createCustomer(), [
      { kind: 'plan', description: 'VPS', unitAmountMinor: 2000, planId: vps.id, planType: 'vps' },
      { kind: 'plan', description: 'Game', unitAmountMinor: 3000, planId: game.id, planType: 'game' },
    ], { coupon: valid.invoiceCoupon });
    expect(invoice).to.include({ subtotalMinor: 5000, discountMinor: 1000, totalMinor: 4000 });
    const typed = await couponFactory({ code: 'GAMERS', appliesToTypes: ['game'] });
    expect((await failure(validateCoupon(typed.code, use({ planTypes: ['vps'] })))).code).to.equal('coupon_not_applicable');
  });

  it('when a fixed coupon has no amount in the currency, then it does not validate; in its currency it takes that amount off', async () => {
    const coupon = await couponFactory({ code: 'FIVEOFF' }, 'fixed');
    expect((await failure(validateCoupon(coupon.code, use({ currency: 'EUR' })))).code).to.equal('coupon_currency_unavailable');
    const valid = await validateCoupon(coupon.code, use({ currency: 'USD' }));
    expect(valid.invoiceCoupon).to.deep.include({ kind: 'fixed', amounts: { USD: 500 } });
    const invoice = await bill(await createCustomer(), [{ kind: 'addon', description: 'Backups', unitAmountMinor: 1200 }], { coupon: valid.invoiceCoupon });
    expect(invoice).to.include({ discountMinor: 500, totalMinor: 700 });
  });

  it('when 8 customers redeem a coupon limited to 3 at once, then exactly 3 redemptions exist', async () => {
    const coupon = await couponFactory({ maxRedemptions: 3 });
    const orders = await Promise.all(Array.from({ length: 8 }, () => createOrder()));
    const results = await Promise.allSettled(orders.map((o) => redeemCoupon({ couponId: coupon.id, customerId: o.customerId, orderId: o.id, amountMinor: 100, currency: 'USD' }, sys())));
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(3);
    const reasons = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code: string }).code);
    expect(new Set(reasons)).to.deep.equal(new Set(['coupon_exhausted']));
    expect((await Coupon.findByPk(coupon.id))?.timesRedeemed).to.equal(3);
    expect(await CouponRedemption.count({ where: { couponId: coupon.id } })).to.equal(3);
  });

  it('when one customer redeems a once-per-customer coupon on several orders at once, then only one counts', async () => {
    const customer = await createCustomer();
    const coupon = await couponFactory({ maxPerCustomer: 1 });
    const orders = await Promise.all(Array.from({ length: 4 }, () => createOrder({ customer })));
    const results = await Promise.allSettled(orders.map((o) => redeemCoupon({ couponId: coupon.id, customerId: customer.id, orderId: o.id, amountMinor: 100, currency: 'USD' }, sys())));
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    expect((await Coupon.findByPk(coupon.id))?.timesRedeemed).to.equal(1);
    expect((await failure(validateCoupon(coupon.code, use({ customerId: customer.id })))).code).to.equal('coupon_customer_limit');
  });

  it('when the same order redeems a coupon twice, then one redemption is kept and counted', async () => {
    const order = await createOrder();
    const coupon = await couponFactory();
    const input = { couponId: coupon.id, customerId: order.customerId, orderId: order.id, amountMinor: 250, currency: 'USD' as const };
    const [a, b] = await Promise.all([redeemCoupon(input, sys()), redeemCoupon(input, sys())]);
    expect(a.redemption.id).to.equal(b.redemption.id);
    expect([a.duplicate, b.duplicate].sort()).to.deep.equal([false, true]);
    expect((await Coupon.findByPk(coupon.id))?.timesRedeemed).to.equal(1);
  });

  it('when a renewal invoice redeems a coupon twice, then one redemption is kept for that invoice', async () => {
    const customer = await createCustomer();
    const invoice = await bill(customer, 1000);
    const coupon = await couponFactory({}, 'forever');
    const input = { couponId: coupon.id, customerId: customer.id, invoiceId: invoice.id, amountMinor: 100, currency: 'USD' as const };
    await redeemCoupon(input, sys());
    expect((await redeemCoupon(input, sys())).duplicate).to.equal(true);
    expect(await CouponRedemption.count({ where: { couponId: coupon.id } })).to.equal(1);
  });

  it('when a coupon is for new customers only, then a customer already invoiced cannot use it', async () => {
    const coupon = await couponFactory({}, 'newCustomersOnly');
    const fresh = await createCustomer();
    await validateCoupon(coupon.code, use({ customerId: fresh.id }));
    await bill(fresh, 1000);
    expect((await failure(validateCoupon(coupon.code, use({ customerId: fresh.id })))).code).to.equal('coupon_new_customers_only');
  });

  it('when a coupon runs once, for N periods or forever, then it applies to those periods only', () => {
    const periods = (c: Parameters<typeof couponAppliesToPeriod>[0]) => [0, 1, 2, 3, 12].map((i) => couponAppliesToPeriod(c, i));
    expect(periods({ duration: 'once' })).to.deep.equal([true, false, false, false, false]);
    expect(periods({ duration: 'repeating', durationPeriods: 3 })).to.deep.equal([true, true, true, false, false]);
    expect(periods({ duration: 'forever' })).to.deep.equal([true, true, true, true, true]);
  });

  it('when staff create, change and deactivate coupons, then the rules are checked and every change is audited', async () => {
    const ctx = await staff();
    const fixed = await createCoupon({ code: 'spring25', kind: 'fixed', amounts: { USD: 2500, EUR: 2300 }, duration: 'repeating', durationPeriods: 2 }, ctx);
    expect(fixed).to.include({ code: 'SPRING25', kind: 'fixed', percentBp: null, durationPeriods: 2 });
    expect((await CouponAmount.findAll({ where: { couponId: fixed.id } })).map((a) => [a.currency, Number(a.amountMinor)]).sort()).to.deep.equal([['EUR', 2300], ['USD', 2500]]);
    expect((await failure(createCoupon({ code: 'SPRING25', kind: 'percent', percentBp: 500 }, ctx))).code).to.equal('coupon_code_taken');
    expect((await failure(createCoupon({ code: 'BAD', kind: 'percent', percentBp: 0 }, ctx))).code).to.equal('coupon_invalid_percent');
    expect((await failure(createCoupon({ code: 'NOAMT', kind: 'fixed' }, ctx))).code).to.equal('coupon_amounts_required');
    const changed = await updateCoupon(fixed.id, { amounts: { USD: 3000 } }, ctx);
    expect((await CouponAmount.findAll({ where: { couponId: changed.id } })).map((a) => [a.currency, Number(a.amountMinor)])).to.deep.equal([['USD', 3000]]);
    await deactivateCoupon(fixed.id, ctx);
    expect((await failure(validateCoupon('SPRING25', use()))).code).to.equal('coupon_inactive');
    const actions = (await AuditLog.findAll({ where: { entityType: 'coupon' }, order: [['id', 'ASC']] })).map((a) => a.action);
    expect(actions).to.deep.equal(['coupon.created', 'coupon.updated', 'coupon.deactivated']);
  });
});
