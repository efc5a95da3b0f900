import { expect } from 'chai';
import { PaymentMethod } from '../../../src/models/index.js';
import { createPlan } from '../../factories/catalog.js';
import { createSubscription, createSubscriptionAddon } from '../../factories/commerce.js';
import { customerWithCards, resetPayments, startRails, type Rails } from '../../integration/payments/operations/support.js';
import { createAccountWithData, signedIn, tokenOf, type Agent } from './support.js';

const PAGE = '/account/billing/payment-methods';

describe('portal e2e: payment methods without Stripe', function () {
  this.timeout(60_000);

  it('when Stripe is not configured, then the page says how to pay instead of offering to save a card', async () => {
    await resetPayments();
    const mine = await createAccountWithData('nostripe');
    const agent = await signedIn(mine.customer);
    const res = await agent.get(PAGE);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Saving a card is not available on this account.');
    expect(res.text).not.to.contain('Add a card');
    const add = await agent.post(`${PAGE}/add`).type('form').send({ _csrf: await tokenOf(agent, PAGE) });
    expect(add.headers.location).to.equal(PAGE);
    expect((await agent.get(PAGE)).text).to.contain('Saving a card is not available. See below for other ways to pay.');
  });
});

describe('portal e2e: payment methods with Stripe', function () {
  this.timeout(60_000);
  let rails: Rails;
  let agent: Agent;
  let methods: PaymentMethod[];
  let stripeCustomer: string;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
    const made = await customerWithCards(rails.stripe, 2);
    methods = made.methods;
    stripeCustomer = made.customer.stripeCustomerId!;
    agent = await signedIn(made.customer);
  });

  afterEach(async () => rails.stop());

  it('when a customer opens the page, then they see each card with brand, last 4, expiry and which is default', async () => {
    const html = (await agent.get(PAGE)).text;
    expect(html).to.contain('ending <span class="mono">4242</span>');
    expect(html).to.contain('ending <span class="mono">4243</span>');
    expect(html).to.contain('12/2040');
    expect(html.match(/chip--success">Default/g)).to.have.length(1);
  });

  it('when a customer makes another card the default and removes the first (twice), then the database follows and the second removal says the same', async () => {
    const _csrf = await tokenOf(agent, PAGE);
    await agent.post(`${PAGE}/${methods[1]!.id}/default`).type('form').send({ _csrf });
    expect((await PaymentMethod.findByPk(methods[1]!.id, { rejectOnEmpty: true })).isDefault).to.equal(true);
    expect((await PaymentMethod.findByPk(methods[0]!.id, { rejectOnEmpty: true })).isDefault).to.equal(false);
    for (let i = 0; i < 2; i++) {
      const res = await agent.post(`${PAGE}/${methods[0]!.id}/remove`).type('form').send({ _csrf });
      expect(res.status).to.equal(303);
      expect((await agent.get(PAGE)).text).to.contain('The payment method is removed and will not be charged again.');
    }
    expect((await PaymentMethod.findByPk(methods[0]!.id, { rejectOnEmpty: true })).detachedAt).to.be.instanceOf(Date);
    expect((await agent.get(PAGE)).text).not.to.contain('4242');
  });

  it('when a customer adds a card, then they go to the hosted page; back with ?saved=1 the new card is synced and listed', async () => {
    const res = await agent.post(`${PAGE}/add`).type('form').send({ _csrf: await tokenOf(agent, PAGE) });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^https?:\/\//);
    rails.stripe.addPaymentMethod(stripeCustomer, { brand: 'mastercard', last4: '5555', expMonth: 3, expYear: 2041 });
    const back = await agent.get(`${PAGE}?saved=1`);
    expect(back.status).to.equal(303);
    const html = (await agent.get(PAGE)).text;
    expect(html).to.contain('Your card is saved.');
    expect(html).to.contain('5555');
    expect(html).to.contain('03/2041');
  });

  it("when a customer posts default or remove for another customer's card, or without CSRF, then it answers 404 / 403 and nothing changes", async () => {
    const other = await customerWithCards(rails.stripe, 1);
    const _csrf = await tokenOf(agent, PAGE);
    for (const action of ['default', 'remove']) {
      expect((await agent.post(`${PAGE}/${other.methods[0]!.id}/${action}`).type('form').send({ _csrf })).status, action).to.equal(404);
      expect((await agent.post(`${PAGE}/${methods[1]!.id}/${action}`).type('form').send({})).status, action).to.equal(403);
    }
    expect((await PaymentMethod.findByPk(other.methods[0]!.id, { rejectOnEmpty: true })).detachedAt).to.equal(null);
    expect((await PaymentMethod.findByPk(methods[1]!.id, { rejectOnEmpty: true })).detachedAt).to.equal(null);
  });
});

describe('portal e2e: upcoming renewals', function () {
  this.timeout(60_000);

  it('when a customer opens upcoming renewals, then each renewing subscription shows its due date and amount with add-ons, and cancelling ones are left out', async () => {
    await resetPayments();
    const mine = await createAccountWithData('renew');
    await createSubscriptionAddon({ subscription: mine.subscription });
    await createSubscription({ customer: mine.customer, plan: await createPlan({ name: 'Plan leaving' }, 'vps') }, 'cancelAtPeriodEnd');
    const agent = await signedIn(mine.customer);
    await mine.subscription.reload();
    const html = (await agent.get('/account/billing/renewals')).text;
    expect(html).to.contain('Plan renew');
    expect(html).to.contain('$13.00');
    expect(html).to.contain(`datetime="${mine.subscription.currentPeriodEnd!.toISOString()}"`);
    expect(html).not.to.contain('Plan leaving');
  });
});
