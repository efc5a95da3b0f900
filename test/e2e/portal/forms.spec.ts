import { expect } from 'chai';
import { Customer, PaymentAttempt } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, signedIn, tokenOf, type Account, type Agent } from './support.js';

describe('portal e2e: forms', function () {
  this.timeout(60_000);
  let mine: Account;
  let agent: Agent;

  beforeEach(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    agent = await signedIn(mine.customer);
  });

  it('when a customer cancels at period end and then undoes it, then the subscription is scheduled to end and then renews again', async () => {
    const page = `/account/subscriptions/${mine.subscription.id}`;
    const cancel = await agent.post(`${page}/cancel`).type('form').send({ _csrf: await tokenOf(agent, page), mode: 'period_end', reason: 'Moving provider' });
    expect(cancel.status).to.equal(303);
    await mine.subscription.reload();
    expect(mine.subscription.cancelAtPeriodEnd).to.equal(true);
    expect(mine.subscription.cancellationReason).to.equal('Moving provider');
    const shown = await agent.get(page);
    expect(shown.text).to.contain('Your subscription ends at the end of the current period.');
    expect(shown.text).to.contain('Keep my subscription');

    const undo = await agent.post(`${page}/undo-cancel`).type('form').send({ _csrf: await tokenOf(agent, page) });
    expect(undo.status).to.equal(303);
    await mine.subscription.reload();
    expect(mine.subscription.cancelAtPeriodEnd).to.equal(false);
    expect((await agent.get(page)).text).to.contain('Your subscription will renew as before.');
  });

  it('when a customer cancels at period end without a reason, then it is still scheduled', async () => {
    const page = `/account/subscriptions/${mine.subscription.id}`;
    await agent.post(`${page}/cancel`).type('form').send({ _csrf: await tokenOf(agent, page), mode: 'period_end', reason: '' });
    await mine.subscription.reload();
    expect(mine.subscription.cancelAtPeriodEnd).to.equal(true);
  });

  it('when a customer saves the profile, then their own row holds the new details and preferences', async () => {
    const res = await agent
      .post('/account/profile')
      .type('form')
      .send({
        _csrf: await tokenOf(agent, '/account/profile'),
        company: 'Acme Hosting Ltd',
        phone: '+44 20 7946 0000',
        billingLine1: '10 Downing Street',
        billingLine2: '',
        billingCity: 'London',
        billingRegion: '',
        billingPostalCode: 'SW1A 2AA',
        billingCountry: 'gb',
        taxId: 'GB123456789',
        currency: 'GBP',
        invoices: 'on',
      });
    expect(res.status).to.equal(303);
    const customer = await Customer.findByPk(mine.customer.id, { rejectOnEmpty: true });
    expect(customer.company).to.equal('Acme Hosting Ltd');
    expect(customer.billingCountry).to.equal('GB');
    expect(customer.billingRegion).to.equal(null);
    expect(customer.taxId).to.equal('GB123456789');
    expect(customer.currency).to.equal('GBP');
    expect(customer.emailPreferences).to.deep.equal({ marketing: false, invoices: true, serviceUpdates: false, bandwidthAlerts: false });
    expect((await agent.get('/account/profile')).text).to.contain('Your profile is saved.');
  });

  it('when a customer posts an invalid profile, then it answers 422 with the error and nothing changes', async () => {
    const res = await agent
      .post('/account/profile')
      .type('form')
      .send({ _csrf: await tokenOf(agent, '/account/profile'), company: 'Changed', billingCountry: 'Germany', currency: 'USD' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Use a two-letter country code');
    const customer = await Customer.findByPk(mine.customer.id, { rejectOnEmpty: true });
    expect(customer.company).to.equal('Company mine');
  });

  it('when any portal form is posted without a CSRF token, then it answers 403 and nothing changes', async () => {
    const page = `/account/subscriptions/${mine.subscription.id}`;
    const posts: Array<[string, Record<string, string>]> = [
      [`${page}/cancel`, { mode: 'immediately', reason: 'no token' }],
      [`${page}/undo-cancel`, {}],
      ['/account/profile', { company: 'Hijacked', currency: 'EUR' }],
    ];
    for (const [path, body] of posts) {
      const res = await agent.post(path).type('form').send(body);
      expect(res.status, path).to.equal(403);
    }
    await mine.subscription.reload();
    expect(mine.subscription.status).to.equal('active');
    expect(mine.subscription.cancelAtPeriodEnd).to.equal(false);
    const customer = await Customer.findByPk(mine.customer.id, { rejectOnEmpty: true });
    expect(customer.company).to.equal('Company mine');
    expect(customer.currency).to.equal('USD');
  });
});

describe('portal e2e: paying an invoice', function () {
  this.timeout(60_000);
  let mine: Account;
  let agent: Agent;

  before(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    agent = await signedIn(mine.customer);
  });

  it('when a customer pays by bank transfer, then they are sent to the invoice page with the transfer details', async () => {
    const page = `/account/billing/invoices/${mine.invoice.id}`;
    const res = await agent.post(`${page}/pay`).type('form').send({ _csrf: await tokenOf(agent, page), gateway: 'bank_transfer' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(new RegExp(`/account/(billing/)?invoices/${mine.invoice.id}#bank-transfer$`));
    const alias = await agent.get(`/account/invoices/${mine.invoice.id}?payment=cancelled`);
    expect(alias.status).to.equal(303);
    expect(alias.headers.location).to.equal(`${page}?payment=cancelled`);
    expect((await agent.get(alias.headers.location)).text).to.contain('nothing was charged');
  });

  it('when a customer asks for a gateway that is not configured, then nothing starts and they are told', async () => {
    const page = `/account/billing/invoices/${mine.invoice.id}`;
    const res = await agent.post(`${page}/pay`).type('form').send({ _csrf: await tokenOf(agent, page), gateway: 'stripe' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(page);
    expect((await agent.get(page)).text).to.contain('That payment method is not available.');
    expect(await PaymentAttempt.count({ where: { invoiceId: mine.invoice.id } })).to.equal(0);
  });

  it("when a customer posts pay for another customer's invoice or without CSRF, then it answers 404 / 403", async () => {
    const theirs = await createAccountWithData('theirs');
    const _csrf = await tokenOf(agent, '/account/billing/invoices');
    const other = await agent.post(`/account/billing/invoices/${theirs.invoice.id}/pay`).type('form').send({ _csrf, gateway: 'bank_transfer' });
    expect(other.status).to.equal(404);
    expect(other.text).not.to.contain(theirs.invoice.number!);
    const noToken = await agent.post(`/account/billing/invoices/${mine.invoice.id}/pay`).type('form').send({ gateway: 'bank_transfer' });
    expect(noToken.status).to.equal(403);
  });

  it('when PayPal sends the customer back without an order token, then nothing is captured and they are told', async () => {
    const page = `/account/billing/invoices/${mine.invoice.id}`;
    const res = await agent.get(`${page}/paypal/return`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(page);
    expect((await agent.get(page)).text).to.contain('nothing was charged');
    const theirs = await createAccountWithData('paypal-theirs');
    expect((await agent.get(`/account/billing/invoices/${theirs.invoice.id}/paypal/return?token=X`)).status).to.equal(404);
  });
});
