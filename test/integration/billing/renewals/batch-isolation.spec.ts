import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { sequelize } from '../../../../src/db/sequelize.js';
import { clock } from '../../../../src/lib/clock.js';
import { Invoice, OutboxMessage, type Plan } from '../../../../src/models/index.js';
import { createPlan } from '../../../factories/catalog.js';
import { createSubscription, createSubscriptionAddon } from '../../../factories/commerce.js';
import { createCustomer } from '../../../factories/identity.js';
import { freshEngine } from '../orders/support.js';
import { issueNow } from './support.js';

const subscriptions = async (plan: Plan, count: number) => {
  const list = [];
  for (let i = 0; i < count; i += 1) list.push(await createSubscription({ plan, customer: await createCustomer() }, 'active'));
  return list;
};

/** The id the next invoice row will get. */
async function nextInvoiceId(): Promise<number> {
  const s = sequelize();
  if (s.getDialect() === 'sqlite') {
    const [row] = await s.query<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'invoices'", { type: QueryTypes.SELECT });
    return Number(row?.seq ?? 0) + 1;
  }
  const [row] = await s.query<{ Auto_increment: number }>("SHOW TABLE STATUS LIKE 'invoices'", { type: QueryTypes.SELECT });
  return Number(row.Auto_increment);
}

describe('billing / renewals: one bad subscription never stops the others', () => {
  beforeEach(() => freshEngine('2025-06-01T00:00:00.000Z'));

  it('when one subscription cannot be priced, then it is reported and the rest of its batch is invoiced', async () => {
    const plan = await createPlan();
    const good = await subscriptions(plan, 4);
    const bad = await createSubscription({ plan, priceMinor: Number.MAX_SAFE_INTEGER }, 'active');
    await createSubscriptionAddon({ subscription: bad });
    clock.set('2025-06-28T00:00:00.000Z');
    const result = await issueNow(10);
    expect([result.issued, result.failed]).to.deep.equal([4, 1]);
    expect((await Invoice.findAll({ where: { kind: 'renewal' } })).map((i) => i.subscriptionId).sort()).to.deep.equal(good.map((s) => s.id).sort());
  });

  it('when writing a batch fails, then its subscriptions are renewed one by one and each still gets exactly one invoice', async () => {
    const plan = await createPlan();
    const subs = await subscriptions(plan, 3);
    const next = await nextInvoiceId();
    // An event row already holding the key of the batch's first invoice makes the batch's multi-row insert fail.
    await OutboxMessage.create({ channel: 'event', topic: 'invoice.issued', payload: { test: true }, dedupeKey: `invoice.issued:${next}` });
    clock.set('2025-06-28T00:00:00.000Z');
    const result = await issueNow(10);
    expect([result.issued, result.failed]).to.deep.equal([3, 0]);
    const renewals = await Invoice.findAll({ where: { kind: 'renewal' } });
    expect(renewals.map((i) => i.subscriptionId).sort()).to.deep.equal(subs.map((s) => s.id).sort());
    expect((await issueNow(10)).issued).to.equal(0);
  });

  it('when subscriptions are suspended, cancelling at period end or pending, then they are not renewed; past-due ones are', async () => {
    const plan = await createPlan();
    const pastDue = await createSubscription({ plan }, 'pastDue');
    await createSubscription({ plan }, 'suspended');
    await createSubscription({ plan }, 'active', 'cancelAtPeriodEnd');
    await createSubscription({ plan }, 'pending');
    clock.set('2025-06-28T00:00:00.000Z');
    expect((await issueNow()).issued).to.equal(1);
    expect((await Invoice.findAll({ where: { kind: 'renewal' } })).map((i) => i.subscriptionId)).to.deep.equal([pastDue.id]);
  });
});
