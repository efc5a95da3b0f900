import { expect } from 'chai';
import { currentTotp } from '../../../src/auth/totp.js';
import { replaceRecoveryCodes } from '../../../src/auth/recovery-codes.js';
import { sequelize } from '../../../src/db/sequelize.js';
import { resetDatabase } from '../../support/db.js';
import { TEST_PASSWORD, TEST_TOTP_SECRET, createCustomer } from '../../factories/identity.js';
import { browser, sessionCookie, submit, tokenFrom } from './support.js';

async function customerWith2fa(): Promise<{ email: string; userId: number; codes: string[] }> {
  const customer = await createCustomer({}, 'with2fa');
  const codes = await sequelize().transaction((t) => replaceRecoveryCodes(customer.userId, t));
  return { email: customer.user!.email, userId: customer.userId, codes };
}

describe('account e2e: two-factor sign-in', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when TOTP is on, then the password alone does not sign in, and the current code does with a new session id', async () => {
    const { email } = await customerWith2fa();
    const agent = await browser();
    const loginPage = await agent.get('/account/login');
    const first = sessionCookie(loginPage);
    const step = await agent.post('/account/login').type('form').send({ _csrf: (/name="_csrf" value="([^"]+)"/.exec(loginPage.text) ?? [])[1], email, password: TEST_PASSWORD });
    expect(step.status).to.equal(303);
    expect(step.headers.location).to.equal('/account/login/two-factor');
    const pending = sessionCookie(step);
    expect(pending).to.be.a('string').and.not.equal(first);
    expect((await agent.get('/account/security')).headers.location).to.match(/^\/account\/login/);

    const page = await agent.get('/account/login/two-factor');
    expect(page.text).to.contain('Authentication code');
    const wrong = await agent.post('/account/login/two-factor').type('form').send({ _csrf: (/name="_csrf" value="([^"]+)"/.exec(page.text) ?? [])[1], code: '000000' });
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.contain('That code is not valid');

    const done = await submit(agent, '/account/login/two-factor', '/account/login/two-factor', { code: currentTotp(TEST_TOTP_SECRET) });
    expect(done.status).to.equal(303);
    expect(done.headers.location).to.equal('/account');
    expect(sessionCookie(done)).to.be.a('string').and.not.equal(pending);
    expect((await agent.get('/account/security')).status).to.equal(200);
  });

  it('when a recovery code is used, then it signs in once and is refused the second time', async () => {
    const { email, codes } = await customerWith2fa();
    const first = await browser();
    await submit(first, '/account/login', '/account/login', { email, password: TEST_PASSWORD });
    const ok = await submit(first, '/account/login/two-factor', '/account/login/two-factor', { code: codes[0]! });
    expect(ok.status).to.equal(303);
    expect((await first.get('/account/security')).text).to.contain('You used a recovery code').and.contain('9 unused recovery codes');

    const second = await browser();
    await submit(second, '/account/login', '/account/login', { email, password: TEST_PASSWORD });
    const again = await submit(second, '/account/login/two-factor', '/account/login/two-factor', { code: codes[0]! });
    expect(again.status).to.equal(401);
    expect((await second.get('/account/security')).status).to.equal(303);
  });

  it('when nobody passed the password step, then the two-factor page sends back to sign-in', async () => {
    const agent = await browser();
    const res = await agent.get('/account/login/two-factor');
    expect(res.headers.location).to.equal('/account/login');
    const post = await agent.post('/account/login/two-factor').type('form').send({ _csrf: await tokenFrom(agent, '/account/login'), code: '123456' });
    expect(post.headers.location).to.equal('/account/login');
  });
});
