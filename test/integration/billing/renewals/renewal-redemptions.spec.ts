import { expect } from 'chai';
import { recordRenewalRedemption } from '../../../../src/billing/coupons/record-renewal-redemption.js';
import { validateCoupon } from '../../../../src/billing/coupons/validate-coupon.js';
import { changePlan } from '../../../../src/billing/subscriptions/change-plan.js';
import { clock } from '../../../../src/lib/clock.js';
import { Coupon, CouponRedemption, Invoice, type Subscription } from '../../../../src/models/index.js';
import { createCoupon } from '../../../factories/catalog.js';
import { createCustomer } from '../../../factories/identity.js';
import { asCustomer, createCatalog, freshEngine, sys } from '../orders/support.js';
import { activeSubscription, issueNow, pay, renewNow, renewalsOf } from './support.js';

/** The coupon's redemption rows as [invoice kind, renewal, amount], oldest first. */
async function history(couponId: number): Promise<Array<[string, boolean, number]>> {
  const rows = await CouponRedemption.findAll({ where: { couponId }, order: [['id', 'ASC']] });
  const invoices = await Invoice.findAll({ where: { id: rows.map((r) => r.invoiceId as number) } });
  return rows.map((r) => [invoices.find((i) => i.id === r.invoiceId)?.kind ?? 'none', r.renewal, Number(r.amountMinor)]);
}

/** Issues the renewal 7 days before the period ends (twice, and two workers at once), pays it, then rolls the period. */
async function liveThroughPeriod(sub: Subscription, issueAt: string, endAt: string): Promise<void> {
  clock.set(issueAt);
  await Promise.all([issueNow(), issueNow()]);
  await renewNow();
  const [latest] = (await renewalsOf(sub.id)).reverse();
  await pay(latest);
  clock.set(endAt);
  await renewNow();
}

describe('billing / renewal coupon redemptions', () => {
  beforeEach(() => freshEngine('2025-01-31T09:00:00.000Z'));

  it('when a 3-period coupon renews twice, then each discounted renewal has one redemption row, even with two workers, and the coupon counts one use', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const coupon = await createCoupon({}, 'repeating');
    const sub = await activeSubscription(customer, plan.id, 'monthly', { couponCode: coupon.code });
    await liveThroughPeriod(sub, '2025-02-21T09:00:00.000Z', '2025-02-28T09:00:01.000Z');
    await liveThroughPeriod(sub, '2025-03-24T09:00:00.000Z', '2025-03-31T09:00:01.000Z');
    await liveThroughPeriod(sub, '2025-04-23T09:00:00.000Z', '2025-04-30T09:00:01.000Z');

    const renewals = await renewalsOf(sub.id);
    expect(renewals.map((r) => Number(r.discountMinor))).to.deep.equal([100, 100, 0]);
    expect(await history(coupon.id)).to.deep.equal([
      ['order', false, 150],
      ['renewal', true, 100],
      ['renewal', true, 100],
    ]);
    const rows = await CouponRedemption.findAll({ where: { couponId: coupon.id, renewal: true }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.customerId, r.subscriptionId, r.orderId, r.invoiceId, r.currency])).to.deep.equal([
      [customer.id, sub.id, null, renewals[0].id, 'USD'],
      [customer.id, sub.id, null, renewals[1].id, 'USD'],
    ]);
    expect((await Coupon.findByPk(coupon.id, { rejectOnEmpty: true })).timesRedeemed).to.equal(1);
  });

  it('when a renewal with a scheduled downgrade goes one by one and two runs race, then its coupon redemption is written once', async () => {
    const { plan, big } = await createCatalog();
    const customer = await createCustomer();
    const coupon = await createCoupon({ percentBp: 2000 }, 'forever');
    const sub = await activeSubscription(customer, big.id, 'monthly', { couponCode: coupon.code });
    clock.set('2025-02-10T09:00:00.000Z');
    expect((await changePlan({ subscriptionId: sub.id, newPlanId: plan.id }, asCustomer(customer))).preview.timing).to.equal('period_end');
    clock.set('2025-02-21T09:00:00.000Z');
    await Promise.all([renewNow(), issueNow(), issueNow()]);
    await renewNow();
    const renewals = await renewalsOf(sub.id);
    expect(renewals.map((r) => [Number(r.subtotalMinor), Number(r.discountMinor)])).to.deep.equal([[1000, 200]]);
    expect(await history(coupon.id)).to.deep.equal([
      ['order', false, 500],
      ['renewal', true, 200],
    ]);
  });

  it('when renewals keep discounting, then they never use up the coupon\'s total or per-customer limits', async () => {
    const { plan } = await createCatalog();
    const coupon = await createCoupon({ maxRedemptions: 2, maxPerCustomer: 2 }, 'forever');
    const first = await createCustomer();
    const sub = await activeSubscription(first, plan.id, 'monthly', { couponCode: coupon.code });
    await liveThroughPeriod(sub, '2025-02-21T09:00:00.000Z', '2025-02-28T09:00:01.000Z');
    await liveThroughPeriod(sub, '2025-03-24T09:00:00.000Z', '2025-03-31T09:00:01.000Z');
    expect(await CouponRedemption.count({ where: { couponId: coupon.id } })).to.equal(3);
    const use = { planIds: [plan.id], currency: 'USD' as const, at: clock.now() };
    await validateCoupon(coupon.code, { ...use, customerId: first.id });
    await activeSubscription(await createCustomer(), plan.id, 'monthly', { couponCode: coupon.code });
    expect((await Coupon.findByPk(coupon.id, { rejectOnEmpty: true })).timesRedeemed).to.equal(2);
    const error = await validateCoupon(coupon.code, { ...use, customerId: (await createCustomer()).id }).catch((err: { code: string }) => err);
    expect(error).to.include({ code: 'coupon_exhausted' });
  });

  it('when a renewal redemption is recorded twice at once, then one row exists and both calls return it', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const coupon = await createCoupon({}, 'forever');
    const sub = await activeSubscription(customer, plan.id, 'monthly', { couponCode: coupon.code });
    const invoice = await Invoice.create({ customerId: customer.id, subscriptionId: sub.id, kind: 'renewal', status: 'draft', currency: 'USD' });
    const input = { couponId: coupon.id, customerId: customer.id, subscriptionId: sub.id, invoiceId: invoice.id, amountMinor: 100, currency: 'USD' as const };
    const [a, b] = await Promise.all([recordRenewalRedemption(input, sys()), recordRenewalRedemption(input, sys())]);
    expect(a.id).to.equal(b.id);
    expect(await CouponRedemption.count({ where: { couponId: coupon.id, invoiceId: invoice.id } })).to.equal(1);
  });
});
