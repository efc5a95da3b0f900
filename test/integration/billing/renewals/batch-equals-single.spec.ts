import { expect } from 'chai';
import { grantCredit } from '../../../../src/billing/credit/grant-credit.js';
import { renewSubscription } from '../../../../src/billing/renewals/renew-subscription.js';
import { startRenewalRun } from '../../../../src/billing/renewals/renewal-run.js';
import { clearTaxRateCache } from '../../../../src/billing/tax/load-tax-env.js';
import { clock } from '../../../../src/lib/clock.js';
import { logger } from '../../../../src/lib/logger.js';
import { CouponRedemption, type Invoice, InvoiceLine, InvoiceTax, LedgerEntry, OutboxMessage } from '../../../../src/models/index.js';
import { createTaxRate } from '../../../factories/billing.js';
import { createCoupon } from '../../../factories/catalog.js';
import { createCustomer } from '../../../factories/identity.js';
import { createCatalog, freshEngine, sys } from '../orders/support.js';
import { activeSubscription, issueNow, renewalsOf } from './support.js';

const OMIT = new Set(['id', 'invoiceId', 'number', 'subscriptionId', 'customerId', 'idempotencyKey', 'createdAt', 'updatedAt', 'buyer', 'relatedEntryId', 'memo', 'dedupeKey']);
const plain = (row: { get(o: { plain: true }): Record<string, unknown> }) => Object.fromEntries(Object.entries(row.get({ plain: true })).filter(([k]) => !OMIT.has(k)));

async function snapshot(invoice: Invoice) {
  const lines = await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC']] });
  const taxes = await InvoiceTax.findAll({ where: { invoiceId: invoice.id } });
  const ledger = await LedgerEntry.findAll({ where: { invoiceId: invoice.id } });
  const redemptions = await CouponRedemption.findAll({ where: { invoiceId: invoice.id } });
  const event = await OutboxMessage.findOne({ where: { dedupeKey: `invoice.issued:${invoice.id}` }, rejectOnEmpty: true });
  const payload = Object.fromEntries(Object.entries(event.payload).filter(([k]) => !['invoiceId', 'number', 'customerId', 'subscriptionId'].includes(k)));
  return { invoice: plain(invoice), lines: lines.map(plain), taxes: taxes.map(plain), ledger: ledger.map(plain), redemptions: redemptions.map(plain), event: [event.topic, payload] };
}

describe('billing / renewals: the batch writes what a single renewal writes', () => {
  before(() => freshEngine('2025-01-31T09:00:00.000Z'));

  it('when two identical subscriptions renew, one through the batch and one through createInvoice, then their invoices, lines, tax rows, credit, coupon redemptions and events match', async () => {
    await createTaxRate({ country: 'DE', name: 'VAT', rateBp: 1900 });
    clearTaxRateCache();
    const { plan, ram, backups } = await createCatalog();
    const coupon = await createCoupon({ percentBp: 1250 }, 'forever');
    const subs = [];
    for (let i = 0; i < 2; i += 1) {
      const customer = await createCustomer({}, 'eur');
      subs.push(await activeSubscription(customer, plan.id, 'quarterly', { currency: 'EUR', couponCode: coupon.code, options: { [ram.code]: 5 }, addons: [backups.code] }));
      await grantCredit({ customerId: customer.id, amountMinor: 1234, currency: 'EUR', reason: 'Goodwill' }, sys());
    }
    clock.set('2025-04-25T09:00:00.000Z');
    const run = await startRenewalRun(sys(), logger(), 10);
    expect((await renewSubscription(subs[0].id, run)).status).to.equal('issued');
    expect((await issueNow()).issued).to.equal(1);
    const [single] = await renewalsOf(subs[0].id);
    const [batched] = await renewalsOf(subs[1].id);
    const a = await snapshot(single);
    const b = await snapshot(batched);
    expect(b).to.deep.equal(a);
    expect(a.lines.map((l) => l.kind)).to.deep.equal(['plan', 'option', 'addon', 'discount']);
    expect(a.ledger.map((l) => [l.kind, l.amountMinor])).to.deep.equal([['credit_apply', 1234]]);
    expect(a.redemptions.map((r) => [r.couponId, r.orderId, r.renewal, r.currency])).to.deep.equal([[coupon.id, null, true, 'EUR']]);
    expect(Object.keys(batched.buyer ?? {}).sort()).to.deep.equal(Object.keys(single.buyer ?? {}).sort());
  });
});
