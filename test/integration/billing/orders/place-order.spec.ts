import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { placeOrder } from '../../../../src/billing/orders/place-order.js';
import { Invoice, Order, OrderItem, Plan, Subscription, SubscriptionAddon, SubscriptionOption, WaitlistEntry } from '../../../../src/models/index.js';
import { createCoupon, createPlan } from '../../../factories/catalog.js';
import { createCustomer } from '../../../factories/identity.js';
import { asCustomer, createCatalog, eventTopics, failure, freshEngine, linesOf, totalsOf } from './support.js';

describe('billing / placeOrder', () => {
  before(() => freshEngine());
  beforeEach(() => clock.set('2025-01-31T09:00:00.000Z'));

  it('when a customer orders a plan with extra RAM and backups, then the order, a pending subscription at locked prices and the first invoice exist', async () => {
    const { plan, ram, backups } = await createCatalog();
    const customer = await createCustomer();
    const placed = await placeOrder(
      { customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly', options: { [ram.code]: 4 }, addons: [backups.code], config: { hostname: 'web1.example.test', os: 'debian-12' } }] },
      asCustomer(customer),
    );
    expect(placed.order.status).to.equal('pending');
    expect(placed.order.number).to.match(/^ORD-\d{6}$/);
    const [sub] = placed.subscriptions;
    expect(sub.status).to.equal('pending');
    expect([sub.priceMinor, sub.cycle, sub.anchorDay, sub.currentPeriodStart]).to.deep.equal([1000, 'monthly', 31, null]);
    const options = await SubscriptionOption.findAll({ where: { subscriptionId: sub.id } });
    expect(options.map((o) => [o.optionId, o.quantity, Number(o.unitPriceMinor)])).to.deep.equal([[ram.id, 4, 200]]);
    const addons = await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } });
    expect(addons.map((a) => [a.addonId, Number(a.priceMinor), a.status])).to.deep.equal([[backups.id, 300, 'pending']]);
    expect(await linesOf(placed.invoice!.id)).to.deep.equal([
      ['plan', 'VPS Small, monthly', 1, 1000, 1000, 0],
      ['setup_fee', 'Setup fee: VPS Small', 1, 500, 500, 0],
      ['option', 'Extra RAM', 2, 200, 400, 0],
      ['addon', 'Backups', 1, 300, 300, 0],
    ]);
    expect(await totalsOf(placed.invoice!.id)).to.deep.include({ status: 'open', total: 2200, due: 2200 });
    expect(Number(placed.order.totalMinor)).to.equal(2200);
    const item = await OrderItem.findOne({ where: { orderId: placed.order.id }, rejectOnEmpty: true });
    expect(item.options?.hostname).to.equal('web1.example.test');
    expect(await eventTopics()).to.include('order.placed');
    expect(placed.invoice!.number).to.match(/^INV-2025-\d{6}$/);
  });

  it('when the same checkout is submitted twice with one idempotency key, then one order and one invoice exist', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const input = { customerId: customer.id, currency: 'USD' as const, idempotencyKey: 'checkout-1', items: [{ planId: plan.id, cycle: 'monthly' as const }] };
    const [a, b] = await Promise.all([placeOrder(input, asCustomer(customer)), placeOrder(input, asCustomer(customer))]);
    expect(a.order.id).to.equal(b.order.id);
    expect([a.duplicate, b.duplicate].sort()).to.deep.equal([false, true]);
    expect(await Order.count({ where: { customerId: customer.id } })).to.equal(1);
    expect(await Invoice.count({ where: { customerId: customer.id } })).to.equal(1);
  });

  it('when a plan requires review or risk flags fired, then the order waits for review', async () => {
    const dedicated = await createPlan({}, 'dedicated', 'requiresReview');
    const customer = await createCustomer();
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: dedicated.id, cycle: 'monthly' }] }, asCustomer(customer));
    expect(placed.order.status).to.equal('pending_review');
    const { plan } = await createCatalog();
    const flagged = await placeOrder({ customerId: customer.id, currency: 'USD', riskFlags: ['ip_velocity'], items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer));
    expect([flagged.order.status, flagged.order.reviewReason]).to.deep.equal(['pending_review', 'Risk flags: ip_velocity']);
  });

  it('when two customers race for the last unit, then one takes it and the other is waitlisted for review', async () => {
    const plan = await createPlan({}, 'dedicated', 'limitedStock');
    const [c1, c2] = [await createCustomer(), await createCustomer()];
    const place = (c: typeof c1) => placeOrder({ customerId: c.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(c));
    const results = await Promise.all([place(c1), place(c2)]);
    expect((await Plan.findByPk(plan.id, { rejectOnEmpty: true })).stock).to.equal(0);
    expect(results.map((r) => r.order.status).sort()).to.deep.equal(['pending', 'pending_review']);
    expect(await WaitlistEntry.count({ where: { planId: plan.id, status: 'waiting' } })).to.equal(1);
  });

  it('when a plan without a waitlist is sold out, then the order is refused', async () => {
    const plan = await createPlan({ waitlistEnabled: false }, 'soldOut');
    const customer = await createCustomer();
    expect((await failure(placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer)))).code).to.equal('out_of_stock');
    expect(await Order.count({ where: { customerId: customer.id } })).to.equal(0);
  });

  it('when an archived plan, an unknown option or another currency is ordered, then the order is refused and nothing is written', async () => {
    const archived = await createPlan({}, 'archived');
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const ctx = asCustomer(customer);
    expect((await failure(placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: archived.id, cycle: 'monthly' }] }, ctx))).code).to.equal('plan_archived');
    expect((await failure(placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly', options: { nope: 1 } }] }, ctx))).code).to.equal('option_not_offered');
    expect((await failure(placeOrder({ customerId: customer.id, currency: 'EUR', items: [{ planId: plan.id, cycle: 'monthly' }] }, ctx))).code).to.equal('currency_mismatch');
    expect(await Order.count({ where: { customerId: customer.id } })).to.equal(0);
    expect(await Subscription.count({ where: { customerId: customer.id } })).to.equal(0);
  });

  it('when a 3-period coupon is used, then the first invoice is discounted, the redemption recorded and the subscription keeps 2 periods', async () => {
    const { plan } = await createCatalog({ setupFee: 0 });
    const coupon = await createCoupon({ percentBp: 2000 }, 'repeating');
    const customer = await createCustomer();
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', couponCode: coupon.code, items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer));
    expect(await linesOf(placed.invoice!.id)).to.deep.equal([
      ['plan', 'VPS Small, monthly', 1, 1000, 1000, 0],
      ['discount', `Discount ${coupon.code} (20%)`, 1, -200, -200, 0],
    ]);
    expect([placed.subscriptions[0].couponId, placed.subscriptions[0].couponPeriodsRemaining]).to.deep.equal([coupon.id, 2]);
    await coupon.reload();
    expect(coupon.timesRedeemed).to.equal(1);
  });
});
