import { expect } from 'chai';
import { runBaseSeed } from '../../../seeders/index.js';
import { cyclePrice } from '../../../seeders/catalog.js';
import { Plan, PlanPrice, User } from '../../../src/models/index.js';
import { verifyPassword } from '../../../src/auth/passwords.js';
import { countRows, resetDatabase } from '../../support/db.js';

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
    });
    const first = await counts();
    await runBaseSeed();
    expect(await counts()).to.deep.equal(first);
    expect(first.plans).to.be.greaterThan(5);
    expect(first.prices).to.equal(first.plans * 4 * 3);
    expect(first.admins).to.equal(1);
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
});
