import crypto from 'node:crypto';
import { expect } from 'chai';
import { INVALID_CREDENTIALS_MESSAGE } from '../../../src/auth/errors.js';
import { LOGIN_POLICY } from '../../../src/auth/policy.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, browser, createAccount, mailsTo, reloadUser, submit } from './support.js';

const login = (agent: Awaited<ReturnType<typeof browser>>, fields: Record<string, string>) => submit(agent, '/account/login', '/account/login', fields);

describe('account e2e: sign-in rules', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when the password is wrong or the email unknown, then the same generic message is shown and nobody is signed in', async () => {
    const user = await createAccount();
    const agent = await browser();
    const wrong = await login(agent, { email: user.email, password: 'not it at all' });
    const unknown = await login(agent, { email: 'nobody@example.test', password: 'not it at all' });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    for (const res of [wrong, unknown]) expect(res.text).to.contain(INVALID_CREDENTIALS_MESSAGE);
    expect(wrong.text).to.contain(`value="${user.email}"`);
    expect((await agent.get('/account/security')).status).to.equal(303);
  });

  it(`when ${LOGIN_POLICY.maxFailedAttempts} wrong passwords are tried, then the account is locked and its owner mailed`, async () => {
    const user = await createAccount();
    const agent = await browser();
    for (let i = 1; i < LOGIN_POLICY.maxFailedAttempts; i++) expect((await login(agent, { email: user.email, password: `wrong-${i}` })).status).to.equal(401);
    const locked = await login(agent, { email: user.email, password: 'wrong again' });
    expect(locked.status).to.equal(423);
    expect(locked.text).to.contain('This account is locked for 15 more minutes');
    expect((await login(agent, { email: user.email, password: PASSWORD })).status).to.equal(423);
    expect(await mailsTo(user.email, 'account-locked')).to.have.length(1);
  });

  it('when a suspended customer or a staff member signs in to the portal, then they are refused with a clear message', async () => {
    const suspended = await createAccount({ suspended: true });
    const staff = await createAccount({ role: 'support' });
    const agent = await browser();
    const a = await login(agent, { email: suspended.email, password: PASSWORD });
    expect(a.status).to.equal(403);
    expect(a.text).to.contain('This account is suspended. Please contact support');
    const b = await login(agent, { email: staff.email, password: PASSWORD });
    expect(b.status).to.equal(403);
    expect(b.text).to.contain('Staff accounts cannot sign in to the customer portal');
    expect((await agent.get('/account/security')).status).to.equal(303);
  });

  it('when an imported customer with a WHMCS md5 hash signs in, then they are in and the hash is now argon2id', async () => {
    const user = await createAccount({ legacy: { hash: crypto.createHash('md5').update('whmcs-pass').digest('hex'), algo: 'md5' } });
    const agent = await browser();
    const res = await login(agent, { email: user.email, password: 'whmcs-pass' });
    expect(res.status).to.equal(303);
    expect((await agent.get('/account/security')).status).to.equal(200);
    const row = await reloadUser(user.id);
    expect(row.passwordHash).to.match(/^\$argon2id\$/);
    expect(row.legacyPasswordHash).to.equal(null);
  });

  for (const evil of ['//evil.example/phish', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example']) {
    it(`when sign-in is asked to return to ${evil}, then it stays on the site`, async () => {
      const user = await createAccount();
      const res = await login(await browser(), { email: user.email, password: PASSWORD, next: evil });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.match(/^\/(?!\/)/);
      expect(res.headers.location).not.to.contain('evil.example/phish');
      expect(new URL(res.headers.location as string, 'http://our.site').host).to.equal('our.site');
    });
  }

  it('when sign-in is asked to return to a page of the portal, then it goes there', async () => {
    const user = await createAccount();
    const res = await login(await browser(), { email: user.email, password: PASSWORD, next: '/account/security?tab=1#sessions' });
    expect(res.headers.location).to.equal('/account/security?tab=1#sessions');
  });

  it('when one address keeps trying to sign in, then it is rate limited', async () => {
    const agent = await browser();
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await login(agent, { email: `nobody-${i}@example.test`, password: 'whatever it is' })).status;
    expect(last).to.equal(429);
  });
});
