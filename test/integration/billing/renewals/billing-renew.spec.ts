import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { Customer, Invoice, InvoiceLine, LedgerEntry, OutboxMessage, type Subscription } from '../../../../src/models/index.js';
import { grantCredit } from '../../../../src/billing/credit/grant-credit.js';
import { createCustomer } from '../../../factories/identity.js';
import { createCatalog, freshEngine, linesOf, sys, totalsOf } from '../orders/support.js';
import { activeSubscription, issueNow, renewNow, renewalsOf } from './support.js';

describe('billing / billing:renew', () => {
  beforeEach(() => freshEngine('2025-01-31T09:00:00.000Z'));

  it('when a period ends within 7 days, then its renewal invoice is issued once, due when the next period starts', async () => {
    const { plan, ram, backups } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id, 'monthly', { options: { [ram.code]: 3 }, addons: [backups.code] });
    expect([sub.currentPeriodStart?.toISOString(), sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['2025-01-31T09:00:00.000Z', '2025-02-28T09:00:00.000Z']);
    clock.set('2025-02-20T09:00:00.000Z');
    expect((await renewNow()).processed).to.equal(0);
    clock.set('2025-02-21T09:00:00.000Z');
    const run = await renewNow();
    expect([run.processed, run.failed]).to.deep.equal([1, 0]);
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    expect((await renewalsOf(sub.id)).length).to.equal(1);
    expect([renewal.idempotencyKey, renewal.dueAt?.toISOString(), renewal.periodEnd?.toISOString()]).to.deep.equal([
      `renewal:${sub.id}:2025-02-28T09:00:00.000Z`, '2025-02-28T09:00:00.000Z', '2025-03-31T09:00:00.000Z',
    ]);
    expect(await linesOf(renewal.id)).to.deep.equal([
      ['plan', 'VPS Small, monthly, 2025-02-28 to 2025-03-31', 1, 1000, 1000, 0],
      ['option', 'Extra RAM', 1, 200, 200, 0],
      ['addon', 'Backups', 1, 300, 300, 0],
    ]);
    expect(await totalsOf(renewal.id)).to.deep.equal({ status: 'open', subtotal: 1500, discount: 0, tax: 0, total: 1500, due: 1500 });
    expect(renewal.number).to.equal('INV-2025-000002');
    expect(await OutboxMessage.count({ where: { topic: 'invoice.issued', dedupeKey: `invoice.issued:${renewal.id}` } })).to.equal(1);
  });

  it('when two workers renew at once, then every subscription gets exactly one invoice with gap-free numbers', async () => {
    const { plan } = await createCatalog();
    const subs: Subscription[] = [];
    for (let i = 0; i < 12; i += 1) subs.push(await activeSubscription(await createCustomer(), plan.id));
    clock.set('2025-02-25T09:00:00.000Z');
    const results = await Promise.all([issueNow(5), issueNow(5)]);
    expect(results.reduce((n, r) => n + r.issued, 0)).to.equal(12);
    expect(results.reduce((n, r) => n + r.failed, 0)).to.equal(0);
    const both = await Promise.all([renewNow(), renewNow()]);
    expect(both.reduce((n, r) => n + r.processed, 0)).to.equal(0);
    const renewals = await Invoice.findAll({ where: { kind: 'renewal' }, order: [['number', 'ASC']] });
    expect(renewals.length).to.equal(12);
    expect(new Set(renewals.map((r) => r.subscriptionId)).size).to.equal(12);
    expect(renewals.map((r) => r.number)).to.deep.equal(Array.from({ length: 12 }, (_, i) => `INV-2025-${String(13 + i).padStart(6, '0')}`));
    expect(await InvoiceLine.count({ where: { invoiceId: renewals.map((r) => r.id) } })).to.equal(12);
  });

  it('when the customer has account credit, then it pays the renewal first and the rest stays due', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    await grantCredit({ customerId: customer.id, amountMinor: 400, currency: 'USD', reason: 'Goodwill' }, sys());
    const rich = await createCustomer();
    const paidInFull = await activeSubscription(rich, plan.id);
    await grantCredit({ customerId: rich.id, amountMinor: 5000, currency: 'USD', reason: 'Prepaid' }, sys());
    clock.set('2025-02-25T09:00:00.000Z');
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    expect(await totalsOf(renewal.id)).to.deep.include({ status: 'open', total: 1000, due: 600 });
    expect((await LedgerEntry.findAll({ where: { invoiceId: renewal.id } })).map((e) => [e.kind, Number(e.amountMinor), e.idempotencyKey])).to.deep.equal([
      ['credit_apply', 400, `invoice:${renewal.id}:credit_apply:1`],
    ]);
    expect(Number((await Customer.findByPk(customer.id, { rejectOnEmpty: true })).creditBalanceMinor)).to.equal(0);
    const [full] = await renewalsOf(paidInFull.id);
    expect(await totalsOf(full.id)).to.deep.include({ status: 'paid', total: 1000, due: 0 });
    expect(Number((await Customer.findByPk(rich.id, { rejectOnEmpty: true })).creditBalanceMinor)).to.equal(4000);
  });

  it('when the period ends, then the subscription rolls into the period its renewal billed, and a cancelling one is cancelled', async () => {
    const { plan } = await createCatalog();
    const sub = await activeSubscription(await createCustomer(), plan.id);
    clock.set('2025-02-25T09:00:00.000Z');
    await renewNow();
    clock.set('2025-02-28T09:30:00.000Z');
    await renewNow();
    await sub.reload();
    expect([sub.currentPeriodStart?.toISOString(), sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['2025-02-28T09:00:00.000Z', '2025-03-31T09:00:00.000Z']);
    clock.set('2025-03-25T09:00:00.000Z');
    await renewNow();
    await sub.reload();
    expect((await renewalsOf(sub.id)).map((i) => i.periodStart?.toISOString())).to.deep.equal(['2025-02-28T09:00:00.000Z', '2025-03-31T09:00:00.000Z']);
  });
});
