import { expect } from 'chai';
import { runBaseSeed } from '../../../seeders/index.js';
import { cyclePrice } from '../../../seeders/catalog.js';
import { Article, Plan, PlanPrice, User } from '../../../src/models/index.js';
import { readHelpFiles } from '../../../src/site/help-articles.js';
import { verifyPassword } from '../../../src/auth/passwords.js';
import { countRows, resetDatabase } from '../../support/db.js';
import { parsePanelConfig } from '../../../src/provisioning/panel-config.js';
import { provisionRequestFor, loadServiceSubject } from '../../../src/provisioning/orchestration/service-subject.js';
import { ConfigOption } from '../../../src/models/index.js';
import { createService, createSubscription, createSubscriptionOption } from '../../factories/commerce.js';

describe('base seed', () => {
  before(resetDatabase);

  it('when the seed runs twice, then the catalog, tax rates, departments and one admin exist once', async () => {
    await runBaseSeed();
    const counts = async () => ({
      plans: await countRows('plans'),
      prices: await countRows('plan_prices'),
      taxRates: await countRows('tax_rates'),
      departments: await countRows('ticket_departments'),
      admins: await countRows('users', "role = 'admin'"),
      articles: await countRows('articles'),
    });
    const first = await counts();
    await runBaseSeed();
    expect(await counts()).to.deep.equal(first);
    expect(first.plans).to.be.greaterThan(5);
    expect(first.prices).to.equal(first.plans * 4 * 3);
    expect(first.admins).to.equal(1);
    expect(first.articles).to.equal((await readHelpFiles()).length);
  });

  it('when the help files are seeded, then each is a published article with its front matter, and staff edits survive the next seed', async () => {
    const article = await Article.findOne({ where: { kind: 'kb', slug: 'connect-with-ssh' }, rejectOnEmpty: true });
    expect(article).to.include({ category: 'Getting started', title: 'Connect to your VPS with SSH', sortOrder: 1 });
    expect(article.publishedAt).to.be.instanceOf(Date);
    expect(article.bodyMd).to.match(/^Your VPS is ready/).and.not.contain('---');
    expect(await Article.count({ where: { kind: 'faq' } })).to.be.greaterThan(3);
    await article.update({ title: 'SSH access, step by step' });
    await runBaseSeed();
    expect((await article.reload()).title).to.equal('SSH access, step by step');
  });

  it('when a plan is seeded, then every cycle has an explicit price per currency with the longer-cycle saving', async () => {
    const plan = await Plan.findOne({ where: { slug: 'vps-pro' }, rejectOnEmpty: true });
    const annualUsd = await PlanPrice.findOne({ where: { planId: plan.id, cycle: 'annual', currency: 'USD' }, rejectOnEmpty: true });
    expect(annualUsd.amountMinor).to.equal(25920);
    expect(cyclePrice(2400, 'USD', 'quarterly')).to.equal(6984);
  });

  it('when ADMIN_PASSWORD is not set, then the first admin gets a generated password that verifies', async () => {
    const admin = await User.scope('withSecrets').findOne({ where: { role: 'admin' }, rejectOnEmpty: true });
    expect(admin.passwordHash).to.match(/^\$argon2id\$/);
    expect(await verifyPassword(admin.passwordHash, 'wrong-password')).to.equal(false);
  });

  it("when the catalog is seeded, then every plan's panel mapping passes its driver's check", async () => {
    const plans = await Plan.findAll();
    expect(plans.map((p) => [p.slug, parsePanelConfig(p.driver, JSON.stringify(p.panelConfig ?? {}))])).to.deep.equal(plans.map((p) => [p.slug, { ok: true, value: p.panelConfig ?? {} }]));
  });

  it('when a seeded VPS is ordered with extra RAM and vCPU, then the panel is asked for the plan resources plus the extras', async () => {
    const plan = await Plan.findOne({ where: { slug: 'vps-start' }, rejectOnEmpty: true });
    const subscription = await createSubscription({ plan });
    const service = await createService({ subscription });
    for (const [code, quantity] of [['extra_ram_gb', 2], ['extra_vcpu', 1]] as const) {
      const option = await ConfigOption.findOne({ where: { code }, rejectOnEmpty: true });
      await createSubscriptionOption({ subscription, option, quantity });
    }
    const request = await provisionRequestFor(await loadServiceSubject(service.id));
    expect(request.options).to.include({ ramMb: 2048 + 2 * 1024, vcpu: 2 });
  });
});
