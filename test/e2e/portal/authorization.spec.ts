import { expect } from 'chai';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, signedIn, tokenOf, type Account, type Agent } from './support.js';

describe("portal e2e: another customer's ids", function () {
  this.timeout(60_000);
  let theirs: Account;
  let agent: Agent;

  before(async () => {
    await resetDatabase();
    const mine = await createAccountWithData('mine');
    theirs = await createAccountWithData('theirs');
    agent = await signedIn(mine.customer);
  });

  function expectNothingOfTheirs(text: string): void {
    for (const secret of ['host-theirs', 'Plan theirs', 'Line theirs', 'Company theirs', theirs.invoice.number!]) expect(text).not.to.contain(secret);
  }

  it("when a customer opens another customer's invoice, service, subscription or PDF, then each answers 404 with none of their data", async () => {
    const paths = [
      `/account/billing/invoices/${theirs.invoice.id}`,
      `/account/billing/invoices/${theirs.invoice.id}/pdf`,
      `/account/services/${theirs.service.id}`,
      `/account/subscriptions/${theirs.subscription.id}`,
    ];
    for (const path of paths) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(404);
      expectNothingOfTheirs(res.text);
    }
  });

  it("when a customer posts a cancel or undo for another customer's subscription, then it answers 404 and the subscription is unchanged", async () => {
    const _csrf = await tokenOf(agent, '/account/subscriptions');
    for (const action of ['cancel', 'undo-cancel']) {
      const res = await agent.post(`/account/subscriptions/${theirs.subscription.id}/${action}`).type('form').send({ _csrf, mode: 'immediately', reason: 'x' });
      expect(res.status, action).to.equal(404);
      expectNothingOfTheirs(res.text);
    }
    await theirs.subscription.reload();
    expect(theirs.subscription.status).to.equal('active');
    expect(theirs.subscription.cancelAtPeriodEnd).to.equal(false);
  });

  it("when a customer lists invoices, services and subscriptions, then none of another customer's rows appear", async () => {
    for (const path of ['/account', '/account/services', '/account/billing/invoices', '/account/billing/payments', '/account/subscriptions', '/account/profile']) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(200);
      expectNothingOfTheirs(res.text);
    }
  });

  it('when a customer asks for a non-numeric id, then it answers 404', async () => {
    expect((await agent.get('/account/billing/invoices/abc')).status).to.equal(404);
    expect((await agent.get('/account/services/1e3')).status).to.equal(404);
  });
});
