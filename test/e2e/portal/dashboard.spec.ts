import { expect } from 'chai';
import { createBandwidthUsage, createInvoice } from '../../factories/billing.js';
import { createPlan } from '../../factories/catalog.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
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
  it('when a customer has live, terminated and archived services, invoices in two currencies and a ticket, then the dashboard shows only what is theirs and live, with open totals per currency', async () => {
    const customer = await createCustomer();
    const other = await createCustomer();
    const plan = await createPlan({ name: 'Plan listed', specs: { cpuCores: 1, memoryMb: 1024, diskGb: 20 } }, 'vps');
    await createService({ customer, plan, hostname: 'live.example.test' });
    await createService({ customer, plan, hostname: 'paused.example.test' }, 'suspended');
    await createService({ customer, plan, hostname: 'gone.example.test' }, 'terminated');
    await createService({ customer, plan, hostname: 'archived.example.test' }, 'archived');
    await createService({ customer: other, plan, hostname: 'not-mine.example.test' });
    const usd = await createInvoice({ customer, currency: 'USD', lines: [{ kind: 'manual', description: 'A', unitAmountMinor: 1250 }] });
    await createInvoice({ customer, currency: 'EUR', lines: [{ kind: 'manual', description: 'B', unitAmountMinor: 700 }] });
    await createInvoice({ customer, currency: 'USD', lines: [{ kind: 'manual', description: 'C', unitAmountMinor: 999 }] }, 'paid');
    await createInvoice({ customer: other, currency: 'USD', lines: [{ kind: 'manual', description: 'D', unitAmountMinor: 5555 }] });
    const ticket = await createTicket({ customer, subject: 'Dashboard ticket subject' });
    const html = (await (await signedIn(customer)).get('/account')).text;
    expect(html).to.contain('live.example.test').and.contain('paused.example.test').and.contain('Plan listed');
    expect(html).not.to.contain('gone.example.test');
    expect(html).not.to.contain('archived.example.test');
    expect(html).not.to.contain('not-mine.example.test');
    expect(html).to.contain('1 vCPU');
    expect(html).to.contain('$12.50').and.contain('€7.00').and.contain('2 invoices');
    expect(html).not.to.contain('$9.99');
    expect(html).not.to.contain('$55.55');
    expect(html).to.contain(`href="/account/billing/invoices/${usd.id}#pay"`);
    expect(html).to.contain(`${ticket.number} — Dashboard ticket subject`);
  });

  it('when a customer has more services and open invoices than the dashboard lists, then it counts and totals all of them and lists the soonest due', async () => {
    const customer = await createCustomer();
    const plan = await createPlan({ name: 'Plan many', specs: { cpuCores: 1, memoryMb: 1024, diskGb: 10 } }, 'vps');
    for (let i = 0; i < 12; i++) await createService({ customer, plan, hostname: `many-${i}.example.test` });
    const day = 86_400_000;
    const invoices = [];
    for (let i = 0; i < 12; i++) {
      const invoice = await createInvoice({ customer, currency: 'USD', lines: [{ kind: 'manual', description: `Many ${i}`, unitAmountMinor: 1000 }] });
      invoices.push(await invoice.update({ dueAt: new Date(Date.now() + (12 - i) * day) }));
    }
    const html = (await (await signedIn(customer)).get('/account')).text;
    expect(html).to.match(/<p class="stat__value">12<\/p>/);
    expect(html).to.contain('many-11.example.test').and.not.contain('many-1.example.test<');
    expect(html).to.contain('$120.00').and.contain('12 invoices');
    expect(html).to.contain('The 10 due soonest of 12.');
    expect(html).to.contain(`href="/account/billing/invoices/${invoices[11]!.id}#pay"`);
    expect(html).not.to.contain(`href="/account/billing/invoices/${invoices[0]!.id}#pay"`);
  });
});
