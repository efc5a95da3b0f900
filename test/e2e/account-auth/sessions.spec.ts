import { expect } from 'chai';
import type { Express } from 'express';
import { config, setConfig, type Config } from '../../../config/index.js';
import { Customer, SessionRecord } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, browser, buildAccountApp, createAccount, csrfOf, mailsTo, signIn, submit, tokenInMail, type Agent } from './support.js';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const signedIn = async (agent: Agent) => (await agent.get('/account/security')).status === 200;

// NOTE: listing and revoking read the `sessions` table, where the database session store keeps
// sessions; this app is built without REDIS_URL so that the suite checks it on both databases.
describe('account e2e: sessions', function () {
  this.timeout(120_000);
  let original: Config;
  let app: Express;

  before(async () => {
    original = config();
    setConfig({ ...original, redisUrl: undefined });
    app = await buildAccountApp();
  });
  after(() => setConfig(original));
  beforeEach(resetDatabase);

  it('when a customer revokes another session, then it is listed before and signed out after', async () => {
    const user = await createAccount();
    const here = await browser({ app, ip: '203.0.113.5' });
    const there = await browser({ app, ip: '198.51.100.9', userAgent: CHROME_WINDOWS });
    await signIn(here, user.email, PASSWORD);
    await signIn(there, user.email, PASSWORD);
    expect(await SessionRecord.count({ where: { userId: user.id } })).to.equal(2);

    const page = await here.get('/account/security');
    expect(page.text).to.contain('Firefox on Linux').and.contain('This device').and.contain('Chrome on Windows').and.contain('198.51.100.9');
    const action = /action="(\/account\/security\/sessions\/[0-9a-f]{32}\/revoke)"/.exec(page.text)?.[1];
    expect(action).to.be.a('string');
    const revoked = await here.post(action!).type('form').send({ _csrf: csrfOf(page.text) });
    expect(revoked.headers.location).to.equal('/account/security#sessions');
    expect((await here.get('/account/security')).text).to.contain('That session was signed out.');
    expect(await signedIn(there)).to.equal(false);
    expect(await signedIn(here)).to.equal(true);
  });

  it('when the password is changed, then other sessions end and this one stays', async () => {
    const user = await createAccount();
    const here = await browser({ app });
    const there = await browser({ app });
    await signIn(here, user.email, PASSWORD);
    await signIn(there, user.email, PASSWORD);
    const res = await submit(here, '/account/security', '/account/security/password', { currentPassword: PASSWORD, newPassword: 'a changed passphrase', newPasswordConfirm: 'a changed passphrase' });
    expect(res.headers.location).to.equal('/account/security#password');
    expect((await here.get('/account/security')).text).to.contain('Your password was changed and 1 other session was signed out.');
    expect(await signedIn(there)).to.equal(false);
  });

  it('when the password is reset from the mailed link, then every session of the account ends', async () => {
    const user = await createAccount();
    const a = await browser({ app });
    const b = await browser({ app });
    await signIn(a, user.email, PASSWORD);
    await signIn(b, user.email, PASSWORD);
    const stranger = await browser({ app });
    await submit(stranger, '/account/forgot-password', '/account/forgot-password', { email: user.email });
    const token = tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password');
    await submit(stranger, `/account/reset-password?token=${token}`, '/account/reset-password', { token, password: 'a reset passphrase', passwordConfirm: 'a reset passphrase' });
    expect(await signedIn(a)).to.equal(false);
    expect(await signedIn(b)).to.equal(false);
    expect(await SessionRecord.count({ where: { userId: user.id } })).to.equal(0);
  });

  it('when "sign out all other sessions" is used, then only this session is left', async () => {
    const user = await createAccount();
    const agents = [await browser({ app }), await browser({ app }), await browser({ app })];
    for (const agent of agents) await signIn(agent, user.email, PASSWORD);
    await submit(agents[0]!, '/account/security', '/account/security/sessions/revoke-others', {});
    expect(await Promise.all(agents.map(signedIn))).to.deep.equal([true, false, false]);
  });

  it('when a signed-in page is read, then it shows the user and profile as they are now, and the user the session data names', async () => {
    const user = await createAccount();
    const other = await createAccount();
    const agent = await browser({ app });
    await signIn(agent, user.email, PASSWORD);
    await Customer.update({ company: 'Renamed Between Requests Ltd' }, { where: { userId: user.id } });
    const profile = await agent.get('/account/profile');
    expect(profile.text).to.contain(user.email).and.contain('Renamed Between Requests Ltd');

    // NOTE: the portal's store reads the user through the row's user_id; the session data decides whose page it is.
    await SessionRecord.update({ userId: other.id }, { where: { userId: user.id } });
    const page = await agent.get('/account/profile');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(user.email).and.not.contain(other.email);
  });
});
