import { expect } from 'chai';
import { createBandwidthUsage } from '../../factories/billing.js';
import { createPlan } from '../../factories/catalog.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, signedIn } from './support.js';

describe('portal e2e: dashboard widgets', function () {
  this.timeout(60_000);

  before(async () => {
    await resetDatabase();
  });

  it('when a customer has active servers with traffic this month, then the dashboard sums their resources and shows the share of the bandwidth quota', async () => {
    const customer = await createCustomer();
    const plan = await createPlan({ name: 'Plan widgets', specs: { cpuCores: 2, memoryMb: 2048, diskGb: 40 }, bandwidthQuotaGb: 100 }, 'vps');
    const first = await createService({ customer, plan });
    await createService({ customer, plan });
    await createService({ customer, plan }, 'suspended');
    await createBandwidthUsage({ service: first, day: new Date().toISOString().slice(0, 10), bytesIn: 40 * 1024 ** 3, bytesOut: 10 * 1024 ** 3 });
    const html = (await (await signedIn(customer)).get('/account')).text;
    expect(html).to.contain('4 vCPU');
    expect(html).to.contain('4.0 GB');
    expect(html).to.contain('80.0 GB');
    expect(html).to.contain('50.0 GB');
    expect(html).to.contain('25 % of 200.0 GB');
    expect(html).to.contain('value="25"');
  });

  it('when a customer has nothing to pay, then the next-invoice card shows the next renewal with its amount and date', async () => {
    const customer = await createCustomer();
    const subscription = await createSubscription({ customer, plan: await createPlan({ name: 'Plan renewing', monthlyMinor: 1500 }, 'vps') });
    await subscription.reload();
    const html = (await (await signedIn(customer)).get('/account')).text;
    expect(html).to.contain('Next renewal, Plan renewing');
    expect(html).to.contain('$15.00');
    expect(html).to.contain(`datetime="${subscription.currentPeriodEnd!.toISOString()}"`);
  });

  it('when a customer has an open invoice, then it has a pay button and the quick actions offer to renew and upgrade', async () => {
    const mine = await createAccountWithData('dash');
    const html = (await (await signedIn(mine.customer)).get('/account')).text;
    expect(html).to.contain(`href="/account/billing/invoices/${mine.invoice.id}#pay"`);
    expect(html).to.contain('Renew: pay open invoices');
    expect(html).to.contain('Upgrade a plan');
    expect(html).to.contain('href="/account/notifications"');
  });
});
