import { expect } from 'chai';
import { changePlan } from '../../../../src/billing/subscriptions/change-plan.js';
import { previewPlanChange } from '../../../../src/billing/subscriptions/preview-plan-change.js';
import { clock } from '../../../../src/lib/clock.js';
import { Customer, Invoice, Subscription, SubscriptionAddon, SubscriptionOption } from '../../../../src/models/index.js';
import { setSetting } from '../../../../src/settings/index.js';
import { createAddon, createAddonPrice, createConfigOption, createConfigOptionPrice, createPlan, createPlanAddon, createPlanConfigOption, createPlanPrice } from '../../../factories/catalog.js';
import { createCustomer } from '../../../factories/identity.js';
import { asCustomer, createCatalog, failure, freshEngine, ledgerOf, linesOf, sys, totalsOf } from '../orders/support.js';
import { activeSubscription, renewNow, renewalsOf } from '../renewals/support.js';

const START = '2025-04-01T00:00:00.000Z';

describe('billing / plan changes', () => {
  before(() => freshEngine(START));
  beforeEach(() => clock.set(START));

  it('when a customer upgrades halfway through April, then a proration invoice credits 15 of 30 days of the old plan and charges 15 of the new', async () => {
    const { plan, big } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-16T10:00:00.000Z');
    const preview = await previewPlanChange({ subscriptionId: sub.id, newPlanId: big.id }, clock.now());
    expect([preview.direction, preview.timing, preview.outcome, preview.amountMinor]).to.deep.equal(['upgrade', 'now', 'invoice', 750]);
    const result = await changePlan({ subscriptionId: sub.id, newPlanId: big.id }, asCustomer(customer));
    expect(await linesOf(result.invoice!.id)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-04-16 to 2025-05-01', 1, -500, -500, 0],
      ['proration', 'Remaining time on VPS Big, 2025-04-16 to 2025-05-01', 1, 1250, 1250, 0],
    ]);
    expect(await totalsOf(result.invoice!.id)).to.deep.include({ status: 'open', total: 750 });
    await sub.reload();
    expect([sub.planId, Number(sub.priceMinor), sub.currentPeriodEnd?.toISOString()]).to.deep.equal([big.id, 2500, '2025-05-01T00:00:00.000Z']);
  });

  it('when a customer downgrades and the setting waits for the period end, then nothing is billed now and the renewal bills the smaller plan', async () => {
    const { plan, big } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, big.id);
    clock.set('2025-04-10T00:00:00.000Z');
    const result = await changePlan({ subscriptionId: sub.id, newPlanId: plan.id }, asCustomer(customer));
    expect([result.preview.timing, result.invoice]).to.deep.equal(['period_end', null]);
    expect((await sub.reload()).scheduledPlanId).to.equal(plan.id);
    clock.set('2025-04-25T00:00:00.000Z');
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    expect(await linesOf(renewal.id)).to.deep.equal([['plan', 'VPS Small, monthly, 2025-05-01 to 2025-06-01', 1, 1000, 1000, 0]]);
    clock.set('2025-05-01T00:00:01.000Z');
    await renewNow();
    await sub.reload();
    expect([sub.planId, Number(sub.priceMinor), sub.scheduledPlanId]).to.deep.equal([plan.id, 1000, null]);
  });

  it('when downgrades apply at once, then the unused difference becomes account credit', async () => {
    await setSetting('billing.downgrade_timing', 'immediate', sys());
    const { plan, big } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, big.id);
    clock.set('2025-04-21T00:00:00.000Z');
    const result = await changePlan({ subscriptionId: sub.id, newPlanId: plan.id }, asCustomer(customer));
    expect([result.preview.outcome, result.creditGrantedMinor, result.invoice]).to.deep.equal(['credit', 500, null]);
    expect(Number((await Customer.findByPk(customer.id, { rejectOnEmpty: true })).creditBalanceMinor)).to.equal(500);
    expect((await ledgerOf(customer.id)).at(-1)).to.deep.equal(['credit_grant', null, 500]);
    await setSetting('billing.downgrade_timing', 'period_end', sys());
  });

  it('when more RAM is added mid-period, then only the options change is prorated and the option row is updated', async () => {
    const { plan, ram } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id, 'monthly', { options: { [ram.code]: 3 } });
    clock.set('2025-04-11T00:00:00.000Z');
    const result = await changePlan({ subscriptionId: sub.id, options: { [ram.code]: 6 } }, asCustomer(customer));
    expect(await linesOf(result.invoice!.id)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-04-11 to 2025-05-01', 1, -800, -800, 0],
      ['proration', 'Remaining time on VPS Small, 2025-04-11 to 2025-05-01', 1, 1200, 1200, 0],
    ]);
    expect((await SubscriptionOption.findAll({ where: { subscriptionId: sub.id } })).map((o) => o.quantity)).to.deep.equal([6]);
  });

  it('when a monthly subscription moves to annual, then the unused month is credited and a full year starts now', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-16T00:00:00.000Z');
    const result = await changePlan({ subscriptionId: sub.id, newCycle: 'annual' }, asCustomer(customer));
    expect(await linesOf(result.invoice!.id)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-04-16 to 2025-05-01', 1, -500, -500, 0],
      ['plan', 'VPS Small, annual, 2025-04-16 to 2026-04-16', 1, 12000, 12000, 0],
    ]);
    const after = await Subscription.findByPk(sub.id, { rejectOnEmpty: true });
    expect([after.cycle, after.anchorDay, after.currentPeriodStart?.toISOString(), after.currentPeriodEnd?.toISOString()]).to.deep.equal(['annual', 16, '2025-04-16T00:00:00.000Z', '2026-04-16T00:00:00.000Z']);
  });

  it('when a customer upgrades after the next period was already invoiced, then the difference for that period is billed too', async () => {
    const { plan, big } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-26T00:00:00.000Z');
    await renewNow();
    const result = await changePlan({ subscriptionId: sub.id, newPlanId: big.id }, asCustomer(customer));
    expect(await linesOf(result.invoice!.id)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-04-26 to 2025-05-01', 1, -167, -167, 0],
      ['proration', 'Remaining time on VPS Big, 2025-04-26 to 2025-05-01', 1, 417, 417, 0],
      ['proration', 'VPS Small, next period already invoiced, 2025-05-01 to 2025-06-01', 1, -1000, -1000, 0],
      ['proration', 'VPS Big, next period, 2025-05-01 to 2025-06-01', 1, 2500, 2500, 0],
    ]);
    expect((await failure(changePlan({ subscriptionId: sub.id, newCycle: 'annual' }, asCustomer(customer)))).code).to.equal('renewal_already_issued');
  });

  it('when a monthly customer switches to a discounted annual price, then it waits for the period end and the renewal bills a year', async () => {
    const plan = await createPlan({ name: 'Annual deal' }, 'noPrices');
    await createPlanPrice({ plan, cycle: 'monthly', amountMinor: 1000 });
    await createPlanPrice({ plan, cycle: 'annual', amountMinor: 10_000 });
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-10T00:00:00.000Z');
    expect((await changePlan({ subscriptionId: sub.id, newCycle: 'annual' }, asCustomer(customer))).preview.timing).to.equal('period_end');
    expect([(await sub.reload()).scheduledCycle, sub.scheduledPlanId]).to.deep.equal(['annual', null]);
    clock.set('2025-04-24T00:00:00.000Z');
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    expect(await linesOf(renewal.id)).to.deep.equal([['plan', 'Annual deal, annual, 2025-05-01 to 2026-05-01', 1, 10_000, 10_000, 0]]);
    clock.set('2025-05-01T00:00:05.000Z');
    await renewNow();
    await sub.reload();
    expect([sub.cycle, Number(sub.priceMinor), sub.scheduledCycle, sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['annual', 10_000, null, '2026-05-01T00:00:00.000Z']);
  });

  it('when backups are added mid-period, then the rest of the period is billed once, the add-on goes live and renews', async () => {
    const { plan, backups } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-16T00:00:00.000Z');
    const change = { subscriptionId: sub.id, addons: [backups.code] };
    const [first, second] = await Promise.allSettled([changePlan(change, asCustomer(customer)), changePlan(change, asCustomer(customer))]);
    const done = [first, second].filter((r) => r.status === 'fulfilled');
    expect(done).to.have.length(1);
    const refused = [first, second].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as { code?: string }).code).to.equal('plan_change_noop');
    const { invoice } = (done[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof changePlan>>>).value;
    expect(await linesOf(invoice!.id)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-04-16 to 2025-05-01', 1, -500, -500, 0],
      ['proration', 'Remaining time on VPS Small, 2025-04-16 to 2025-05-01', 1, 650, 650, 0],
    ]);
    expect(await Invoice.count({ where: { subscriptionId: sub.id, kind: 'proration' } })).to.equal(1);
    const rows = await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } });
    expect(rows.map((r) => [r.addonId, r.status, Number(r.priceMinor), r.startedAt?.toISOString()])).to.deep.equal([[backups.id, 'active', 300, '2025-04-16T00:00:00.000Z']]);
    clock.set('2025-04-25T00:00:00.000Z');
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    expect((await linesOf(renewal.id)).map((l) => [l[0], l[3]])).to.deep.equal([['plan', 1000], ['addon', 300]]);
  });

  it('when an add-on or an option with a setup fee starts being billed, then its setup fee is billed once with the proration, and not when the option only grows', async () => {
    const { plan } = await createCatalog();
    const monitoring = await createAddon({ name: 'Managed monitoring' }, 'noPrices', 'managed_support');
    await createAddonPrice({ addon: monitoring, amountMinor: 600, setupFeeMinor: 1500 });
    await createPlanAddon({ plan, addon: monitoring });
    const ipv4 = await createConfigOption({ code: 'dedicated_ipv4', name: 'Dedicated IPv4', unit: 'address', min: 0, max: 4, defaultValue: 0 }, 'noPrices');
    await createConfigOptionPrice({ option: ipv4, unitAmountMinor: 300, setupFeeMinor: 1000 });
    await createPlanConfigOption({ plan, option: ipv4 });
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-16T00:00:00.000Z');
    const result = await changePlan({ subscriptionId: sub.id, addons: [monitoring.code], options: { [ipv4.code]: 1 } }, asCustomer(customer));
    expect(await linesOf(result.invoice!.id)).to.deep.equal([
      ['proration', 'Unused time on VPS Small, 2025-04-16 to 2025-05-01', 1, -500, -500, 0],
      ['proration', 'Remaining time on VPS Small, 2025-04-16 to 2025-05-01', 1, 950, 950, 0],
      ['setup_fee', 'Setup fee: Dedicated IPv4', 1, 1000, 1000, 0],
      ['setup_fee', 'Setup fee: Managed monitoring', 1, 1500, 1500, 0],
    ]);
    expect(result.preview.amountMinor).to.equal(2950);
    clock.set('2025-04-21T00:00:00.000Z');
    const more = await changePlan({ subscriptionId: sub.id, options: { [ipv4.code]: 2 } }, asCustomer(customer));
    expect((await linesOf(more.invoice!.id)).map((l) => l[0])).to.deep.equal(['proration', 'proration']);
    expect(more.preview.amountMinor).to.equal(100);
  });

  it('when backups are taken off and added again, then the unused time is credited, then billed, on the same add-on row', async () => {
    await setSetting('billing.downgrade_timing', 'immediate', sys());
    const { plan, backups } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id, 'monthly', { addons: [backups.code] });
    clock.set('2025-04-21T00:00:00.000Z');
    const off = await changePlan({ subscriptionId: sub.id, addons: [] }, asCustomer(customer));
    expect([off.preview.outcome, off.creditGrantedMinor, off.invoice]).to.deep.equal(['credit', 100, null]);
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } })).map((r) => [r.status, r.cancelledAt?.toISOString()])).to.deep.equal([['cancelled', '2025-04-21T00:00:00.000Z']]);
    expect((await failure(changePlan({ subscriptionId: sub.id, addons: [] }, asCustomer(customer)))).code).to.equal('plan_change_noop');
    clock.set('2025-04-26T00:00:00.000Z');
    const on = await changePlan({ subscriptionId: sub.id, addons: [backups.code] }, asCustomer(customer));
    expect(on.preview.amountMinor).to.equal(50);
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } })).map((r) => [r.status, r.cancelledAt, r.startedAt?.toISOString()])).to.deep.equal([['active', null, '2025-04-26T00:00:00.000Z']]);
    expect(Number((await Customer.findByPk(customer.id, { rejectOnEmpty: true })).creditBalanceMinor)).to.equal(50);
    await setSetting('billing.downgrade_timing', 'period_end', sys());
  });

  it('when an add-on the plan does not offer is asked for, or add-ons change with a downgrade that waits, then nothing changes', async () => {
    const { plan, big, backups } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, big.id);
    expect((await failure(changePlan({ subscriptionId: sub.id, addons: ['no_such_addon'] }, asCustomer(customer)))).code).to.equal('addon_not_offered');
    expect((await failure(changePlan({ subscriptionId: sub.id, newPlanId: plan.id, addons: [backups.code] }, asCustomer(customer)))).code).to.equal('options_with_scheduled_downgrade');
    expect(await SubscriptionAddon.count({ where: { subscriptionId: sub.id } })).to.equal(0);
    expect([(await sub.reload()).planId, sub.scheduledPlanId]).to.deep.equal([big.id, null]);
  });

  it('when an add-on the subscription has is no longer sold, then other changes keep it at its price; a move to another plan drops it', async () => {
    const { plan, big, ram, backups } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id, 'monthly', { addons: [backups.code], options: { [ram.code]: 2 } });
    await backups.update({ active: false });
    clock.set('2025-04-16T00:00:00.000Z');
    const more = await changePlan({ subscriptionId: sub.id, options: { [ram.code]: 4 } }, asCustomer(customer));
    expect(more.preview.next.addons.map((a) => [a.addonId, a.priceMinor])).to.deep.equal([[backups.id, 300]]);
    expect(more.preview.amountMinor).to.equal(200);
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } })).map((r) => r.status)).to.deep.equal(['active']);
    const moved = await changePlan({ subscriptionId: sub.id, newPlanId: big.id }, asCustomer(customer));
    expect(moved.preview.next.addons).to.deep.equal([]);
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } })).map((r) => r.status)).to.deep.equal(['cancelled']);
  });

  it('when the subscription is not active or nothing changes, then the change is refused', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    expect((await failure(changePlan({ subscriptionId: sub.id, newPlanId: plan.id }, asCustomer(customer)))).code).to.equal('plan_change_noop');
    await sub.update({ status: 'suspended' });
    expect((await failure(changePlan({ subscriptionId: sub.id, newCycle: 'annual' }, asCustomer(customer)))).code).to.equal('invalid_transition');
  });
});
