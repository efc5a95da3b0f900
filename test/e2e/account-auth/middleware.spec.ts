import { expect } from 'chai';
import { Router, type Express } from 'express';
import { accountRouter } from '../../../portal/account/index.js';
import { loadCustomer, requireCustomer, requireRecentAuth, requireVerifiedEmail } from '../../../portal/middleware/index.js';
import { createApp } from '../../../src/http/app.js';
import { clock } from '../../../src/lib/clock.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, browser, createAccount, signIn, submit } from './support.js';

/** Pages another area would guard: one for verified customers, one showing credentials. */
function guardedRouter(): Router {
  const router = Router();
  router.use(loadCustomer(), requireCustomer);
  router.get('/verified', requireVerifiedEmail, (req, res) => res.send(`hello ${req.user!.email} of customer ${req.customer!.id}`));
  router.get('/credentials', requireRecentAuth(5), (_req, res) => res.send('root password: hunter2'));
  return router;
}

describe('account e2e: portal middleware', function () {
  this.timeout(120_000);
  let app: Express;

  before(async () => {
    app = await createApp({ surfaces: [], extraRouters: [{ path: '/account', router: accountRouter() }, { path: '/guarded', router: guardedRouter() }] });
  });
  beforeEach(resetDatabase);

  it('when a visitor opens a guarded page, then they are sent to sign in and brought back', async () => {
    const agent = await browser({ app });
    const res = await agent.get('/guarded/verified?tab=2');
    expect(res.headers.location).to.equal('/account/login?next=%2Fguarded%2Fverified%3Ftab%3D2');
    const user = await createAccount();
    const back = await submit(agent, '/account/login?next=%2Fguarded%2Fverified%3Ftab%3D2', '/account/login', { email: user.email, password: PASSWORD, next: '/guarded/verified?tab=2' });
    expect(back.headers.location).to.equal('/guarded/verified?tab=2');
    expect((await agent.get('/guarded/verified')).text).to.match(/^hello .+ of customer \d+$/);
  });

  it('when an unverified customer opens a page that needs a verified email, then they get the notice with a resend button', async () => {
    const user = await createAccount({ verified: false });
    const agent = await browser({ app });
    await signIn(agent, user.email, PASSWORD);
    const res = await agent.get('/guarded/verified');
    expect(res.headers.location).to.equal('/account/verify-email/notice?next=%2Fguarded%2Fverified');
    const notice = await agent.get(res.headers.location as string);
    expect(notice.text).to.contain(`We sent a link to <strong>${user.email}</strong>`).and.contain('Send a new link');
  });

  it('when credentials are asked for long after sign-in, then the password is confirmed first', async () => {
    clock.set(new Date());
    const user = await createAccount();
    const agent = await browser({ app });
    await signIn(agent, user.email, PASSWORD);
    expect((await agent.get('/guarded/credentials')).text).to.equal('root password: hunter2');
    clock.advance(6 * 60_000);
    const res = await agent.get('/guarded/credentials');
    expect(res.headers.location).to.equal('/account/confirm-password?next=%2Fguarded%2Fcredentials');
    const confirmed = await submit(agent, res.headers.location as string, '/account/confirm-password', { password: PASSWORD, next: '/guarded/credentials' });
    expect(confirmed.headers.location).to.equal('/guarded/credentials');
    expect((await agent.get('/guarded/credentials')).text).to.equal('root password: hunter2');
  });

  it('when a signed-in customer is suspended, then their next request is signed out', async () => {
    const user = await createAccount();
    const agent = await browser({ app });
    await signIn(agent, user.email, PASSWORD);
    await user.update({ suspendedAt: clock.now() });
    expect((await agent.get('/guarded/verified')).headers.location).to.match(/^\/account\/login/);
  });
});
