import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { Invoice, Subscription, SubscriptionAddon, SubscriptionOption } from '../../../src/models/index.js';
import { createAddon, createConfigOption, createConfigOptionPrice, createPlan, createPlanAddon, createPlanConfigOption } from '../../factories/catalog.js';
import { createSubscriptionOption } from '../../factories/commerce.js';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, signedIn, tokenOf, type Account, type Agent } from './support.js';

function hidden(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden ${name}`);
  return m[1];
}

describe('portal e2e: plan changes', function () {
  this.timeout(60_000);
  let mine: Account;
  let agent: Agent;
  let page: string;

  beforeEach(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    // NOTE: two days into the period, so that there is unused time to prorate.
    const start = new Date(Date.now() - 2 * 86_400_000);
    await mine.subscription.update({ currentPeriodStart: start, startedAt: start });
    agent = await signedIn(mine.customer);
    page = `/account/subscriptions/${mine.subscription.id}`;
  });

  it('when a customer picks a bigger plan, then the preview shows the proration lines and total; confirming issues that invoice once, even when the form is sent again', async () => {
    const bigger = await createPlan({ name: 'Plan bigger', monthlyMinor: 3000 }, 'vps');
    const form = await agent.get(`${page}/change`);
    expect(form.status).to.equal(200);
    expect(form.text).to.contain('Plan bigger');
    const preview = await agent.get(`${page}/change/preview?planId=${bigger.id}&cycle=monthly`);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.contain('Unused time on Plan mine');
    expect(preview.text).to.contain('Remaining time on Plan bigger');
    expect(preview.text).to.match(/An invoice for <strong>\$\d+\.\d\d<\/strong> is issued at once/);

    const fields = { _csrf: hidden(preview.text, '_csrf'), planId: String(bigger.id), cycle: 'monthly', submission: hidden(preview.text, 'submission') };
    const [a, b] = await Promise.all([agent.post(`${page}/change`).type('form').send(fields), agent.post(`${page}/change`).type('form').send(fields)]);
    const again = await agent.post(`${page}/change`).type('form').send(fields);
    const invoices = await Invoice.findAll({ where: { subscriptionId: mine.subscription.id, kind: 'proration' } });
    expect(invoices).to.have.length(1);
    expect([a, b, again].map((r) => r.status)).to.deep.equal([303, 303, 303]);
    expect(again.headers.location).to.equal(`/account/billing/invoices/${invoices[0]!.id}`);
    expect((await agent.get(again.headers.location)).text).to.contain(`Your plan is now Plan bigger. Invoice ${invoices[0]!.number}`);
    const subscription = await Subscription.findByPk(mine.subscription.id, { rejectOnEmpty: true });
    expect(subscription.planId).to.equal(bigger.id);
  });

  it('when a customer picks a smaller plan, then the preview says it waits for the period end and confirming schedules it without charging', async () => {
    const smaller = await createPlan({ name: 'Plan smaller', monthlyMinor: 500 }, 'vps');
    const preview = await agent.get(`${page}/change/preview?planId=${smaller.id}&cycle=monthly`);
    expect(preview.text).to.contain('This change takes effect at the end of your current period');
    const res = await agent.post(`${page}/change`).type('form').send({ _csrf: hidden(preview.text, '_csrf'), planId: String(smaller.id), cycle: 'monthly', submission: hidden(preview.text, 'submission') });
    expect(res.headers.location).to.equal(page);
    const shown = (await agent.get(page)).text;
    expect(shown).to.contain('Your plan changes to Plan smaller at the end of the current period');
    expect(shown).to.contain('Scheduled change');
    const subscription = await Subscription.findByPk(mine.subscription.id, { rejectOnEmpty: true });
    expect(subscription.scheduledPlanId).to.equal(smaller.id);
    expect(subscription.planId).to.equal(mine.subscription.planId);
    expect(await Invoice.count({ where: { subscriptionId: mine.subscription.id, kind: 'proration' } })).to.equal(0);
  });

  it('when a customer previews their current plan or a cycle the plan does not sell, then they are told and nothing changes', async () => {
    const same = await agent.get(`${page}/change/preview?planId=${mine.subscription.planId}&cycle=monthly`);
    expect(same.status).to.equal(303);
    expect((await agent.get(`${page}/change`)).text).to.contain('That is the plan, billing cycle, options and add-ons you have now.');
    const noPrice = await agent.get(`${page}/change/preview?planId=${mine.subscription.planId}&cycle=annual`);
    expect(noPrice.status).to.equal(303);
    const shown = (await agent.get(`${page}/change`)).text;
    expect(shown).to.match(/alert--error/);
    const subscription = await Subscription.findByPk(mine.subscription.id, { rejectOnEmpty: true });
    expect(subscription.cycle).to.equal('monthly');
  });

  it("when a customer opens or posts a plan change of another customer's subscription, or posts without CSRF, then it answers 404 / 403", async () => {
    const theirs = await createAccountWithData('theirs');
    const bigger = await createPlan({ name: 'Plan other', monthlyMinor: 3000 }, 'vps');
    expect((await agent.get(`/account/subscriptions/${theirs.subscription.id}/change`)).status).to.equal(404);
    expect((await agent.get(`/account/subscriptions/${theirs.subscription.id}/change/preview?planId=${bigger.id}&cycle=monthly`)).status).to.equal(404);
    const _csrf = await tokenOf(agent, page);
    const post = await agent.post(`/account/subscriptions/${theirs.subscription.id}/change`).type('form').send({ _csrf, planId: String(bigger.id), cycle: 'monthly', submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c11' });
    expect(post.status).to.equal(404);
    const noToken = await agent.post(`${page}/change`).type('form').send({ planId: String(bigger.id), cycle: 'monthly', submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c12' });
    expect(noToken.status).to.equal(403);
    expect((await Subscription.findByPk(theirs.subscription.id, { rejectOnEmpty: true })).planId).to.equal(theirs.subscription.planId);
    expect((await Subscription.findByPk(mine.subscription.id, { rejectOnEmpty: true })).planId).to.equal(mine.subscription.planId);
  });

  it('when a customer cancels with a survey answer and a comment, then both are stored', async () => {
    const _csrf = await tokenOf(agent, page);
    expect((await agent.get(page)).text).to.contain('value="Too expensive"');
    await agent.post(`${page}/cancel`).type('form').send({ _csrf, mode: 'period_end', reason: 'Too expensive', feedback: 'Cheaper elsewhere' });
    const subscription = await Subscription.findByPk(mine.subscription.id, { rejectOnEmpty: true });
    expect(subscription.cancelAtPeriodEnd).to.equal(true);
    expect(subscription.cancellationReason).to.equal('Too expensive');
    expect(subscription.cancellationFeedback).to.equal('Cheaper elsewhere');
  });
});

describe('portal e2e: changing the options of a subscription', function () {
  this.timeout(60_000);
  const DAY = 86_400_000;
  let mine: Account;
  let agent: Agent;
  let page: string;
  let ram: { id: number };
  let ipv4: { id: number };

  /** The options of the subscription as the database holds them: option id -> quantity. */
  async function storedOptions(subscriptionId: number): Promise<Record<number, number>> {
    const rows = await SubscriptionOption.findAll({ where: { subscriptionId } });
    return Object.fromEntries(rows.map((r) => [r.optionId, r.quantity]));
  }

  beforeEach(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    agent = await signedIn(mine.customer);
    // NOTE: a 30-day period with exactly 15 days left, so the proration is half of each whole amount.
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    clock.set(today);
    await mine.subscription.update({ startedAt: new Date(today.getTime() - 15 * DAY), currentPeriodStart: new Date(today.getTime() - 15 * DAY), currentPeriodEnd: new Date(today.getTime() + 15 * DAY) });
    ram = await createConfigOption({ code: 'extra_ram_gb', name: 'Extra RAM', unit: 'GB', max: 64 });
    ipv4 = await createConfigOption({ code: 'extra_ipv4', name: 'Additional IPv4', unit: 'address', max: 8, panelKey: 'extraIpv4' }, 'noPrices');
    await createConfigOptionPrice({ optionId: ipv4.id, unitAmountMinor: 500 });
    const plan = { planId: mine.subscription.planId };
    await createPlanConfigOption({ ...plan, optionId: ram.id, sortOrder: 1 });
    await createPlanConfigOption({ ...plan, optionId: ipv4.id, sortOrder: 2 });
    // NOTE: 10.00 for the plan + 2 GB of RAM at 2.00 = 14.00 a month now; 1 IPv4 at 5.00 and no RAM = 15.00 after.
    await createSubscriptionOption({ subscriptionId: mine.subscription.id, optionId: ram.id, quantity: 2, unitPriceMinor: 200 });
    page = `/account/subscriptions/${mine.subscription.id}`;
  });

  afterEach(() => clock.reset());

  it('when a customer removes the RAM and adds an IPv4 address, then the preview shows both changes and the exact proration lines, and confirming issues that invoice once and stores the new options', async () => {
    const form = await agent.get(`${page}/change`);
    expect(form.status).to.equal(200);
    expect(form.text).to.match(/name="options\[extra_ram_gb\]"[^>]* value="2"/);
    expect(form.text).to.match(/name="options\[extra_ipv4\]"[^>]* value="0"/);

    const planId = mine.subscription.planId;
    const preview = await agent.get(`${page}/change/preview?planId=${planId}&cycle=monthly&options[extra_ram_gb]=0&options[extra_ipv4]=1`);
    expect(preview.status).to.equal(200);
    const changes = /<table class="table" id="pv-changes">([\s\S]*?)<\/table>/.exec(preview.text)?.[1] ?? '';
    expect(changes).to.match(/Extra RAM<\/th><td>2<\/td><td>0<\/td>/);
    expect(changes).to.match(/Additional IPv4<\/th><td>0<\/td><td>1<\/td>/);
    expect(preview.text).to.contain('from $14.00 (monthly) to <strong>$15.00</strong>');
    const lines = [...(/<table class="table" id="pv-lines">([\s\S]*?)<\/table>/.exec(preview.text)?.[1] ?? '').matchAll(/<tr><td>([^<]+)<\/td><td class="text-right">([^<]+)<\/td><\/tr>/g)].map((m) => `${m[1]} = ${m[2]}`);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^Unused time on Plan mine, .* = -\$7\.00$/);
    expect(lines[1]).to.match(/^Remaining time on Plan mine, .* = \$7\.50$/);
    expect(preview.text).to.contain('An invoice for <strong>$0.50</strong> is issued at once');
    // NOTE: only what changes is carried to the confirmation.
    expect(preview.text).to.contain('<input type="hidden" name="options[extra_ram_gb]" value="0">');
    expect(preview.text).to.contain('<input type="hidden" name="options[extra_ipv4]" value="1">');

    const fields = {
      _csrf: hidden(preview.text, '_csrf'), planId: String(planId), cycle: 'monthly', submission: hidden(preview.text, 'submission'),
      'options[extra_ram_gb]': '0', 'options[extra_ipv4]': '1',
    };
    const first = await agent.post(`${page}/change`).type('form').send(fields);
    const again = await agent.post(`${page}/change`).type('form').send(fields);
    const invoices = await Invoice.findAll({ where: { subscriptionId: mine.subscription.id, kind: 'proration' } });
    expect(invoices).to.have.length(1);
    expect(Number(invoices[0]!.totalMinor)).to.equal(50);
    expect([first.headers.location, again.headers.location]).to.deep.equal([`/account/billing/invoices/${invoices[0]!.id}`, `/account/billing/invoices/${invoices[0]!.id}`]);
    const shown = (await agent.get(first.headers.location)).text;
    expect(shown).to.contain(`Your options are changed. Invoice ${invoices[0]!.number} for $0.50 covers the rest of this period.`);
    expect(await storedOptions(mine.subscription.id)).to.deep.equal({ [ram.id]: 0, [ipv4.id]: 1 });
    const subscription = await Subscription.findByPk(mine.subscription.id, { rejectOnEmpty: true });
    expect([subscription.planId, subscription.cycle]).to.deep.equal([planId, 'monthly']);
    const details = (await agent.get(page)).text;
    expect(details).to.contain('<dt>Options</dt><dd>Additional IPv4: 1</dd>');
    expect(details).to.contain('<dt>Total per period</dt><dd>$15.00</dd>');
  });

  it('when a customer adds backups and later takes them off, then each preview shows the change and its price, and each confirmation bills or credits once', async () => {
    const backups = await createAddon({ code: 'daily_backups', name: 'Daily backups', description: 'Seven days kept.' });
    await createPlanAddon({ planId: mine.subscription.planId, addonId: backups.id });
    const form = (await agent.get(`${page}/change`)).text;
    expect(form).to.contain('<input type="hidden" name="addonsListed" value="1">');
    expect(form).to.match(/<input id="f-addon-daily_backups" type="checkbox" name="addons" value="daily_backups">\s*<span>Daily backups · \$3\.00 monthly<span class="check__hint">Not on your subscription now\. Seven days kept\.<\/span>/);

    const planId = mine.subscription.planId;
    const preview = await agent.get(`${page}/change/preview?planId=${planId}&cycle=monthly&addonsListed=1&addons=daily_backups`);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.match(/Daily backups<\/th><td>none<\/td><td>yes<\/td>/);
    expect(preview.text).to.contain('from $14.00 (monthly) to <strong>$17.00</strong>');
    expect(preview.text).to.contain('An invoice for <strong>$1.50</strong> is issued at once');
    expect(preview.text).to.contain('<input type="hidden" name="addonsListed" value="1"><input type="hidden" name="addons" value="daily_backups">');

    const on = { _csrf: hidden(preview.text, '_csrf'), planId: String(planId), cycle: 'monthly', submission: hidden(preview.text, 'submission'), addonsListed: '1', addons: 'daily_backups' };
    const [a, b] = await Promise.all([agent.post(`${page}/change`).type('form').send(on), agent.post(`${page}/change`).type('form').send(on)]);
    const again = await agent.post(`${page}/change`).type('form').send(on);
    const invoices = await Invoice.findAll({ where: { subscriptionId: mine.subscription.id, kind: 'proration' } });
    expect(invoices.map((i) => Number(i.totalMinor))).to.deep.equal([150]);
    expect([a.status, b.status, again.status]).to.deep.equal([303, 303, 303]);
    expect(again.headers.location).to.equal(`/account/billing/invoices/${invoices[0]!.id}`);
    expect((await agent.get(again.headers.location)).text).to.contain(`Your add-ons are changed. Invoice ${invoices[0]!.number} for $1.50 covers the rest of this period.`);
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: mine.subscription.id } })).map((r) => [r.addonId, r.status, Number(r.priceMinor)])).to.deep.equal([[backups.id, 'active', 300]]);
    const details = (await agent.get(page)).text;
    expect(details).to.contain('<dt>Add-ons</dt><dd>Daily backups</dd>').and.contain('<dt>Total per period</dt><dd>$17.00</dd>');
    expect((await agent.get(`${page}/change`)).text).to.match(/value="daily_backups" checked>\s*<span>Daily backups · \$3\.00 monthly<span class="check__hint">You have it now\./);

    // NOTE: no box ticked, with the list sent: take every add-on off (an upgrade's invoice is paid first, so credit is owed).
    await invoices[0]!.update({ status: 'paid', amountDueMinor: 0, paidAt: new Date() });
    const off = await agent.get(`${page}/change/preview?planId=${planId}&cycle=monthly&addonsListed=1`);
    expect(off.text).to.match(/Daily backups<\/th><td>yes<\/td><td>none<\/td>/);
    expect(off.text).to.contain('<strong>$1.50</strong> for the unused time is added to your account credit');
    const res = await agent.post(`${page}/change`).type('form').send({ _csrf: hidden(off.text, '_csrf'), planId: String(planId), cycle: 'monthly', submission: hidden(off.text, 'submission'), addonsListed: '1' });
    expect(res.headers.location).to.equal(page);
    expect((await agent.get(page)).text).to.contain('Your add-ons are changed. $1.50 for the unused time was added to your account credit.');
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: mine.subscription.id } })).map((r) => r.status)).to.deep.equal(['cancelled']);
  });

  it('when a customer sends an add-on the plan does not offer, then they are told, the form keeps their choice and nothing changes', async () => {
    const res = await agent.get(`${page}/change/preview?planId=${mine.subscription.planId}&cycle=monthly&addonsListed=1&addons=not_sold_here`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`${page}/change?planId=${mine.subscription.planId}&cycle=monthly&addonsListed=1&addons=not_sold_here`);
    expect((await agent.get(res.headers.location)).text).to.contain('The plan you chose does not offer one of the add-ons you picked.');
    expect(await SubscriptionAddon.count({ where: { subscriptionId: mine.subscription.id } })).to.equal(0);
  });

  it('when a customer asks for more of an option than it allows, then they are told and the form keeps their choice, and nothing changes', async () => {
    const res = await agent.get(`${page}/change/preview?planId=${mine.subscription.planId}&cycle=monthly&options[extra_ipv4]=99`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`${page}/change?planId=${mine.subscription.planId}&cycle=monthly&options%5Bextra_ipv4%5D=99`);
    const form = (await agent.get(res.headers.location)).text;
    expect(form).to.contain('Additional IPv4: 99 is not allowed');
    expect(form).to.match(/name="options\[extra_ipv4\]"[^>]* value="99"/);
    expect(await storedOptions(mine.subscription.id)).to.deep.equal({ [ram.id]: 2 });
  });

  it("when a customer posts an option change without CSRF, or for another customer's subscription, then it answers 403 / 404 and neither subscription changes", async () => {
    const theirs = await createAccountWithData('theirs');
    const change = { planId: String(mine.subscription.planId), cycle: 'monthly', 'options[extra_ram_gb]': '0', 'options[extra_ipv4]': '1' };
    const noToken = await agent.post(`${page}/change`).type('form').send({ ...change, submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c21' });
    expect(noToken.status).to.equal(403);
    const theirPage = `/account/subscriptions/${theirs.subscription.id}`;
    expect((await agent.get(`${theirPage}/change`)).status).to.equal(404);
    const theirPreview = await agent.get(`${theirPage}/change/preview?planId=${theirs.subscription.planId}&cycle=monthly&options[extra_ram_gb]=4`);
    expect(theirPreview.status).to.equal(404);
    expect(theirPreview.text).not.to.contain('Plan theirs');
    const _csrf = await tokenOf(agent, page);
    const theirPost = await agent.post(`${theirPage}/change`).type('form').send({ ...change, planId: String(theirs.subscription.planId), _csrf, submission: '6f1c1a43-6a0e-4c39-9b39-2f0e8a4f3c22' });
    expect(theirPost.status).to.equal(404);
    expect(await storedOptions(mine.subscription.id)).to.deep.equal({ [ram.id]: 2 });
    expect(await storedOptions(theirs.subscription.id)).to.deep.equal({});
    expect(await Invoice.count({ where: { kind: 'proration' } })).to.equal(0);
  });
});
