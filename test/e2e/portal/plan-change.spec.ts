import { expect } from 'chai';
import { Invoice, Subscription } from '../../../src/models/index.js';
import { createPlan } from '../../factories/catalog.js';
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
    expect((await agent.get(`${page}/change`)).text).to.contain('That is the plan and billing cycle you have now.');
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
