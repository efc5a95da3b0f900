import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { getDashboardFigures, type DashboardFigures } from '../../../src/analytics/get-dashboard-figures.js';
import { takeAnalyticsSnapshot } from '../../../src/analytics/take-analytics-snapshot.js';
import { sequelize } from '../../../src/db/sequelize.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { MrrSnapshot } from '../../../src/models/index.js';
import { createFxRate, createInvoice, createLedgerEntry } from '../../factories/billing.js';
import { createPlan } from '../../factories/catalog.js';
import { createOrder, createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';

const at = (iso: string) => new Date(iso);
const NOW = '2031-03-15T12:00:00.000Z';

/**
 * A seeded March 2031 (base currency USD, one EUR customer, EUR->USD 1.10 from Feb 1 and 1.085 from Mar 1).
 * Customer MRR just before Mar 1 -> now, in cents:
 *   A monthly 10.00                                  1000 -> 1000
 *   B annual 1,200.00 (+ monthly 5.00 from Mar 5)  10000 -> 10500   expansion 500
 *   C quarterly 30.00, cancelled Mar 10              1000 -> 0       churn 1000
 *   D monthly 20.00 + semi-annual 60.00 (terminated Mar 3)  3000 -> 2000  contraction 1000
 *   E monthly 7.00 until Jan 20, monthly 8.00 from Mar 8   0 -> 800  reactivation 800
 *   F signs up Mar 2, monthly 15.00                    0 -> 1500   new 1500
 *   H EUR monthly 10.00 = 10.85 USD at March's rate  1085 -> 1085
 */
async function seedMonth(): Promise<void> {
  const plan = await createPlan({ name: 'VPS Small' });
  const big = await createPlan({ name: 'Dedicated' }, 'dedicated');
  const old = { createdAt: at('2030-01-05T00:00:00Z') };
  const sub = (customer: Awaited<ReturnType<typeof createCustomer>>, attrs: Parameters<typeof createSubscription>[0]) =>
    createSubscription({ customer, plan, cycle: 'monthly', ...attrs });
  const a = await createCustomer(old);
  await sub(a, { priceMinor: 1000, startedAt: at('2031-01-10T09:00:00Z') });
  const b = await createCustomer(old);
  await sub(b, { plan: big, cycle: 'annual', priceMinor: 120_000, startedAt: at('2030-06-01T09:00:00Z') });
  await sub(b, { priceMinor: 500, startedAt: at('2031-03-05T09:00:00Z') });
  const c = await createCustomer(old);
  await sub(c, { cycle: 'quarterly', priceMinor: 3000, startedAt: at('2031-02-01T09:00:00Z'), status: 'cancelled', cancelledAt: at('2031-03-10T09:00:00Z') });
  const d = await createCustomer(old);
  await sub(d, { priceMinor: 2000, startedAt: at('2031-01-01T10:00:00Z') });
  await sub(d, { plan: big, cycle: 'semiannual', priceMinor: 6000, startedAt: at('2031-01-01T10:00:00Z'), status: 'terminated', terminatedAt: at('2031-03-03T09:00:00Z') });
  const e = await createCustomer(old);
  await sub(e, { priceMinor: 700, startedAt: at('2030-10-01T09:00:00Z'), status: 'cancelled', cancelledAt: at('2031-01-20T09:00:00Z') });
  await sub(e, { priceMinor: 800, startedAt: at('2031-03-08T09:00:00Z') });
  const f = await createCustomer({ createdAt: at('2031-03-02T08:00:00Z') });
  await sub(f, { priceMinor: 1500, startedAt: at('2031-03-02T09:00:00Z') });
  const h = await createCustomer(old, 'eur');
  await sub(h, { priceMinor: 1000, startedAt: at('2031-02-01T09:00:00Z') });
  await createFxRate({ base: 'EUR', quote: 'USD', rateMicros: 1_100_000, effectiveOn: '2031-02-01' });
  await createFxRate({ base: 'EUR', quote: 'USD', rateMicros: 1_085_000, effectiveOn: '2031-03-01' });
  // Never counts: a pending subscription (not started), with a service whose provisioning failed.
  await createService({ subscription: await createSubscription({ plan }, 'pending') }, 'failed');

  // Money collected: Feb 10 10.00; Mar 2 15.00; Mar 3 EUR 10.00 (10.85); Mar 5 5.00; Mar 6 refund 2.00.
  await createLedgerEntry({ customer: a, amountMinor: 1000, occurredAt: at('2031-02-10T10:00:00Z') });
  await createLedgerEntry({ customer: f, amountMinor: 1500, occurredAt: at('2031-03-02T10:00:00Z') });
  await createLedgerEntry({ customer: h, amountMinor: 1000, currency: 'EUR', occurredAt: at('2031-03-03T10:00:00Z') });
  await createLedgerEntry({ customer: b, amountMinor: 500, occurredAt: at('2031-03-05T10:00:00Z') });
  await createLedgerEntry({ customer: b, kind: 'refund', amountMinor: 200, occurredAt: at('2031-03-06T10:00:00Z') });

  clock.set(NOW);
  // Receivables: one 10.00 invoice overdue (due Mar 8), one 10.00 due next week.
  await createInvoice({ customer: d }, 'overdue');
  await createInvoice({ customer: a });
  // Orders in the last 30 days: two placed, one completed; two open tickets and a closed one.
  await createOrder({ customer: a, createdAt: at('2031-03-01T10:00:00Z') }, 'completed');
  await createOrder({ customer: b, createdAt: at('2031-03-14T10:00:00Z') });
  await createOrder({ customer: b, createdAt: at('2031-02-01T10:00:00Z') });
  await createTicket({ customer: a });
  await createTicket({ customer: b }, 'awaitingCustomer');
  await createTicket({ customer: c }, 'closed');
}

describe('analytics: dashboard figures on a seeded month', () => {
  let figures: DashboardFigures;
  before(async () => {
    await resetDatabase();
    await seedMonth();
    figures = await getDashboardFigures({ now: new Date(NOW) });
  });
  after(() => clock.reset());

  it('when a month is seeded, then MRR and ARR equal the hand-computed sums in the base currency', () => {
    const usdArr = 12 * 1000 + 120_000 + 12 * 500 + 12 * 2000 + 12 * 800 + 12 * 1500;
    expect(figures.baseCurrency).to.equal('USD');
    expect(figures.mrr).to.equal(usdArr / 12 + 1085);
    expect(figures.arr).to.equal(usdArr + 13_020);
    expect(figures.mrrByCurrency).to.deep.equal([
      { currency: 'EUR', mrr: 1000, arr: 12_000 },
      { currency: 'USD', mrr: usdArr / 12, arr: usdArr },
    ]);
    expect(figures.payingCustomers).to.equal(6);
    expect(figures.unconverted).to.deep.equal([]);
  });

  it('when a month is seeded, then its movements are new, expansion, contraction, churn and reactivation of one customer each', () => {
    const march = figures.movements.at(-1)!;
    const start = 1000 + 10_000 + 1000 + 3000 + 1085;
    expect(march).to.deep.equal({
      month: '2031-03',
      start,
      new: 1500,
      expansion: 500,
      contraction: 1000,
      churn: 1000,
      reactivation: 800,
      end: start + 1500 + 500 + 800 - 1000 - 1000,
      customersStart: 5,
      customersEnd: 6,
      newCustomers: 1,
      reactivatedCustomers: 1,
      churnedCustomers: 1,
      customerChurnBp: 2000,
      revenueChurnBp: Math.round((2000 * 10_000) / start),
    });
    expect(march.end).to.equal(figures.mrr);
  });

  it('when earlier months are seeded, then February shows two new customers at its own FX rate and January the churn of E', () => {
    const feb = figures.movements.find((m) => m.month === '2031-02')!;
    expect(feb).to.deep.include({ start: 14_000, new: 1000 + 1100, end: 16_100, churn: 0, newCustomers: 2, customersStart: 3, customersEnd: 5 });
    const jan = figures.movements.find((m) => m.month === '2031-01')!;
    expect(jan).to.deep.include({ start: 10_700, new: 1000 + 3000, churn: 700, churnedCustomers: 1, customersStart: 2, customerChurnBp: 5000 });
    expect(figures.movements).to.have.length(12);
    expect(figures.movements[0]!.month).to.equal('2030-04');
  });

  it('when payments and a refund are seeded, then revenue per day, month and year is the net collected in USD', () => {
    const day = (d: string) => figures.revenue.days.find((x) => x.day === d)?.amount;
    expect(day('2031-03-02')).to.equal(1500);
    expect(day('2031-03-03')).to.equal(1085);
    expect(day('2031-03-06')).to.equal(-200);
    expect(figures.revenue.days).to.have.length(30);
    expect(figures.revenue.months.find((m) => m.month === '2031-03')?.amount).to.equal(1500 + 1085 + 500 - 200);
    expect(figures.revenue.months.find((m) => m.month === '2031-02')?.amount).to.equal(1000);
    expect(figures.revenue.years.map((y) => y.year)).to.deep.equal(['2027', '2028', '2029', '2030', '2031']);
    expect(figures.revenue.years.at(-1)?.amount).to.equal(1000 + 1500 + 1085 + 500 - 200);
  });

  it('when invoices are open and one is past due, then outstanding, overdue and the overdue account are shown', () => {
    expect(figures.outstanding).to.equal(2000);
    expect(figures.overdue).to.equal(1000);
    expect(figures.overdueAccounts).to.have.length(1);
    expect(figures.overdueAccounts[0]).to.deep.include({ currency: 'USD', overdue: 1000, invoices: 1 });
  });

  it('when orders, tickets and a failed provisioning exist, then conversion, open tickets and failures are counted', () => {
    expect(figures.operations.orders).to.deep.equal({ placed: 2, completed: 1, conversionBp: 5000 });
    expect(figures.operations.openTickets).to.equal(2);
    expect(figures.operations.provisioningFailures.services).to.equal(1);
    expect(figures.operations.popularPlans.map((p) => [p.name, p.subscriptions])).to.deep.equal([['VPS Small', 6], ['Dedicated', 1]]);
  });

  it('when customers signed up in March, then the March cohort holds them and its retention is 100 %', () => {
    const march = figures.cohorts.at(-1)!;
    expect(march).to.deep.equal({ month: '2031-03', size: 1, retainedBp: [10_000] });
    expect(figures.signups.at(-1)).to.deep.equal({ month: '2031-03', count: 1 });
  });

  it('when churn happened in complete months, then lifetime value is ARPA over the average monthly churn', () => {
    // Complete months Apr 2030 - Feb 2031; paying at their starts: none until June, B alone July-October,
    // B and E from November (2 months), B and E in January, B, A and D in February; one churned (E, January).
    const started = 0 + 0 + 0 + 1 * 4 + 2 * 2 + 2 + 3;
    expect(figures.movements.slice(0, -1).reduce((s, m) => s + m.customersStart, 0)).to.equal(started);
    const arpa = Math.round(figures.mrr / 6);
    expect(figures.lifetimeValue.arpa).to.equal(arpa);
    expect(figures.lifetimeValue.value).to.equal(Math.round((figures.mrr * started) / (6 * 1)));
  });

  it('when the snapshot job runs (twice), then the dashboard shows the same figures from the rollup and the stored history, and MRR is recorded once per currency', async () => {
    clock.set(NOW);
    await takeAnalyticsSnapshot(systemCtx());
    await takeAnalyticsSnapshot(systemCtx());
    const rows = await sequelize().query<{ day: string; currency: string; collected_minor: unknown; refunded_minor: unknown }>(
      'SELECT CAST(day AS CHAR) AS day, currency, collected_minor, refunded_minor FROM revenue_days ORDER BY day',
      { type: QueryTypes.SELECT },
    );
    expect(rows.map((r) => [r.day, r.currency, Number(r.collected_minor), Number(r.refunded_minor)])).to.deep.equal([
      ['2031-02-10', 'USD', 1000, 0],
      ['2031-03-02', 'USD', 1500, 0],
      ['2031-03-03', 'EUR', 1000, 0],
      ['2031-03-05', 'USD', 500, 0],
      ['2031-03-06', 'USD', 0, 200],
    ]);
    const hourLater = new Date(new Date(NOW).getTime() + 3_600_000);
    const again = await getDashboardFigures({ now: hourLater });
    expect(again.mrrAsOf, 'the stored MRR history of the snapshot').to.equal(NOW);
    expect(again.revenue).to.deep.equal(figures.revenue);
    expect(again.movements).to.deep.equal(figures.movements);
    expect(again.cohorts).to.deep.equal(figures.cohorts);
    const later = await getDashboardFigures({ now: new Date(new Date(NOW).getTime() + 3 * 3_600_000) });
    expect(later.mrrAsOf, 'too old to stand in: computed live').to.equal(new Date(new Date(NOW).getTime() + 3 * 3_600_000).toISOString());
    expect(later.movements.at(-1)).to.deep.equal(figures.movements.at(-1));
    const snapshots = await MrrSnapshot.findAll({ order: [['currency', 'ASC']] });
    expect(snapshots.map((s) => [s.day, s.currency, Number(s.mrrMinor), Number(s.mrrBaseMinor)])).to.deep.equal([
      ['2031-03-15', 'EUR', 1000, 1085],
      ['2031-03-15', 'USD', 15_800, 15_800],
    ]);
  });
});

describe('analytics: a customer paying in two currencies', () => {
  after(() => clock.reset());

  it('when one customer pays in USD and EUR and ends the EUR subscription, then they count once as paying, never as churned, and once in their cohort', async () => {
    await resetDatabase();
    const plan = await createPlan({ name: 'VPS Small' });
    const x = await createCustomer({ createdAt: at('2031-01-05T00:00:00Z') });
    await createSubscription({ customer: x, plan, cycle: 'monthly', priceMinor: 1000, startedAt: at('2031-01-10T09:00:00Z') });
    await createSubscription({ customer: x, plan, cycle: 'monthly', currency: 'EUR', priceMinor: 1000, startedAt: at('2031-02-01T09:00:00Z'), status: 'cancelled', cancelledAt: at('2031-03-10T09:00:00Z') });
    await createFxRate({ base: 'EUR', quote: 'USD', rateMicros: 1_100_000, effectiveOn: '2031-01-01' });
    clock.set(NOW);
    const figures = await getDashboardFigures({ now: new Date(NOW) });
    const march = figures.movements.at(-1)!;
    expect(march).to.deep.include({ customersStart: 1, customersEnd: 1, churnedCustomers: 0, customerChurnBp: 0, churn: 1100 });
    const feb = figures.movements.at(-2)!;
    // NOTE: amounts move per billing currency (the EUR value is new in EUR), customers across currencies.
    expect(feb).to.deep.include({ customersStart: 1, customersEnd: 1, newCustomers: 0, new: 1100 });
    expect(figures.payingCustomers).to.equal(1);
    expect(figures.cohorts.find((c) => c.month === '2031-01')).to.deep.equal({ month: '2031-01', size: 1, retainedBp: [10_000, 10_000, 10_000] });
  });
});
