import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { createService } from '../../factories/commerce.js';
import { resetDatabase } from '../../support/db.js';
import { createAccountWithData, signedIn, tokenOf, type Account, type Agent } from './support.js';

describe('portal e2e: service access details', function () {
  this.timeout(60_000);
  let mine: Account;
  let agent: Agent;

  before(async () => {
    await resetDatabase();
    mine = await createAccountWithData('mine');
    agent = await signedIn(mine.customer);
  });

  it('when a customer who just signed in asks for a service password, then it is shown', async () => {
    const service = await createService({ customer: mine.customer }, 'active', 'withCredentials');
    const page = `/account/services/${service.id}`;
    const res = await agent.post(`${page}/credentials`).type('form').send({ _csrf: await tokenOf(agent, page) });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('factory-secret');
  });

  it("when a customer asks for another customer's service password, then it answers 404 without it", async () => {
    const theirs = await createAccountWithData('theirs');
    const service = await createService({ customer: theirs.customer }, 'active', 'withCredentials');
    const res = await agent.post(`/account/services/${service.id}/credentials`).type('form').send({ _csrf: await tokenOf(agent, '/account/services') });
    expect(res.status).to.equal(404);
    expect(res.text).not.to.contain('factory-secret');
  });

  it('when the form is posted without a CSRF token, then it answers 403 without the password', async () => {
    const service = await createService({ customer: mine.customer }, 'active', 'withCredentials');
    const res = await agent.post(`/account/services/${service.id}/credentials`).type('form').send({});
    expect(res.status).to.equal(403);
    expect(res.text).not.to.contain('factory-secret');
  });

  it('when the sign-in is older than the recent-auth window, then the customer is asked for their password first and sees no secret', async () => {
    clock.set(new Date());
    const fresh = await signedIn(mine.customer);
    const service = await createService({ customer: mine.customer }, 'active', 'withCredentials');
    const page = `/account/services/${service.id}`;
    const _csrf = await tokenOf(fresh, page);
    clock.advance(60 * 60_000);
    try {
      const res = await fresh.post(`${page}/credentials`).set('Referer', `http://127.0.0.1${page}`).type('form').send({ _csrf });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.match(/^\/account\/confirm-password\?next=/);
      expect(res.text).not.to.contain('factory-secret');
    } finally {
      clock.reset();
    }
  });
});
