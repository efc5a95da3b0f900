import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { sqlTimestamp } from '../../../../src/db/locks.js';
import { sequelize } from '../../../../src/db/sequelize.js';
import { clock } from '../../../../src/lib/clock.js';
import { CouponRedemption, Invoice } from '../../../../src/models/index.js';
import { down, up } from '../../../../migrations/0009-billing-integrity.js';
import { createCoupon } from '../../../factories/catalog.js';
import { createOrder } from '../../../factories/commerce.js';
import { createCustomer } from '../../../factories/identity.js';
import { createCatalog, freshEngine } from '../orders/support.js';
import { activeSubscription, renewNow, renewalsOf } from '../renewals/support.js';

const migration = () => ({ context: { queryInterface: sequelize().getQueryInterface(), sequelize: sequelize() } });

describe('billing / migration 0009 (billing integrity) on a database with history', () => {
  before(() => freshEngine('2025-01-31T09:00:00.000Z'));

  it('when it runs over redemptions recorded twice for an invoice and renewals without redemptions, then it keeps every use, unlinks the repeat and writes the renewals\' history', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const coupon = await createCoupon({}, 'repeating');
    const sub = await activeSubscription(customer, plan.id, 'monthly', { couponCode: coupon.code });
    clock.set('2025-02-21T09:00:00.000Z');
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    const first = await CouponRedemption.findOne({ where: { couponId: coupon.id, renewal: false }, rejectOnEmpty: true });
    const otherOrder = await createOrder({ customer });

    await down(migration());
    expect(await CouponRedemption.count({ where: { couponId: coupon.id } })).to.equal(1);
    const s = sequelize();
    const now = sqlTimestamp(clock.now());
    await s.query(
      'INSERT INTO coupon_redemptions (coupon_id, customer_id, order_id, invoice_id, amount_minor, currency, redeemed_at, created_at, updated_at) VALUES (:c, :cu, :o, :i, 150, :cur, :now, :now, :now)',
      { replacements: { c: coupon.id, cu: customer.id, o: otherOrder.id, i: first.invoiceId, cur: 'USD', now }, type: QueryTypes.INSERT },
    );
    await up(migration());

    const rows = await CouponRedemption.findAll({ where: { couponId: coupon.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.orderId, r.invoiceId, r.renewal, Number(r.amountMinor)])).to.deep.equal([
      [first.orderId, first.invoiceId, false, 150],
      [otherOrder.id, null, false, 150],
      [null, renewal.id, true, Number(renewal.discountMinor)],
    ]);
    expect(rows[2].redeemedAt.toISOString()).to.equal((await Invoice.findByPk(renewal.id, { rejectOnEmpty: true })).issuedAt?.toISOString());
    expect(Number(renewal.discountMinor)).to.equal(100);
    const indexes = (await s.getQueryInterface().showIndex('coupon_redemptions')) as Array<{ name: string; unique: boolean }>;
    expect(indexes.find((i) => i.name === 'coupon_redemptions_coupon_invoice_unique')?.unique).to.equal(true);
    const columns = await s.getQueryInterface().describeTable('invoice_lines');
    expect(columns.taxable?.allowNull).to.equal(false);
  });
});
