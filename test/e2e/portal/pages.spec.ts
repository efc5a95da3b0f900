import { expect } from 'chai';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, signedIn, type Account, type Agent } from './support.js';

describe('portal e2e: pages show the customer their own data', function () {
  this.timeout(60_000);
  let mine: Account;
  let agent: Agent;

  before(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    agent = await signedIn(mine.customer);
  });

  it('when a signed-in customer opens /account, then they see the dashboard with their service and open invoice', async () => {
    const res = await agent.get('/account');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Dashboard');
    expect(res.text).to.contain('host-mine.example.test');
    expect(res.text).to.contain(mine.invoice.number!);
    expect(res.text).to.contain('$43.21');
    expect((await agent.get('/account/dashboard')).status).to.equal(200);
  });

  it('when a visitor opens /account, then they are sent to sign in', async () => {
    const { browser } = await import('./support.js');
    const res = await (await browser()).get('/account');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^\/account\/login/);
  });

  it('when the customer opens the services list and a service, then they see its hostname, IP and plan', async () => {
    const list = await agent.get('/account/services');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('host-mine.example.test');
    const show = await agent.get(`/account/services/${mine.service.id}`);
    expect(show.status).to.equal(200);
    expect(show.text).to.contain('198.51.100.7');
    expect(show.text).to.contain('Plan mine');
  });

  it('when the customer opens invoices, an invoice and payments, then they see lines, totals and an honest empty ledger', async () => {
    const list = await agent.get('/account/billing/invoices');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain(mine.invoice.number!);
    const paid = await agent.get('/account/billing/invoices?status=paid');
    expect(paid.text).not.to.contain(mine.invoice.number!);
    const show = await agent.get(`/account/billing/invoices/${mine.invoice.id}`);
    expect(show.status).to.equal(200);
    expect(show.text).to.contain('Line mine');
    expect(show.text).to.contain('$43.21');
    const payments = await agent.get('/account/billing/payments');
    expect(payments.status).to.equal(200);
    expect(payments.text).to.contain('No payments yet');
  });

  it('when the customer downloads an invoice PDF, then it is a PDF', async () => {
    const res = await agent.get(`/account/billing/invoices/${mine.invoice.id}/pdf`).buffer(true);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/pdf/);
    expect(res.headers['content-disposition']).to.contain('attachment');
  });

  it('when the customer opens subscriptions and one subscription, then they see its plan and a cancel form', async () => {
    const list = await agent.get('/account/subscriptions');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('Plan mine');
    const show = await agent.get(`/account/subscriptions/${mine.subscription.id}`);
    expect(show.status).to.equal(200);
    expect(show.text).to.contain('Cancel subscription');
  });

  it('when the customer opens the profile, then they see their billing address', async () => {
    const res = await agent.get('/account/profile');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Company mine');
    expect(res.text).to.contain('1 Test Street');
  });
});
