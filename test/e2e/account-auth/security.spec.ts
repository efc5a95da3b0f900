import { expect } from 'chai';
import { currentTotp } from '../../../src/auth/totp.js';
import { clock } from '../../../src/lib/clock.js';
import { Passkey, RecoveryCode } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { SoftAuthenticator } from '../../integration/auth/soft-authenticator.js';
import { PASSWORD, browser, createAccount, csrfOf, reloadUser, signIn, submit, type Agent } from './support.js';

async function postJson(agent: Agent, path: string, body: Record<string, unknown>, csrfPage = '/account/security') {
  const csrf = csrfOf((await agent.get(csrfPage)).text);
  return agent.post(path).set('x-csrf-token', csrf).set('Accept', 'application/json').send(body);
}

describe('account e2e: security settings', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when a customer sets up TOTP after a while, then they confirm their password first, then the code, and see 10 recovery codes once', async () => {
    clock.set(new Date());
    const user = await createAccount();
    const agent = await browser();
    await signIn(agent, user.email, PASSWORD);
    clock.advance(16 * 60_000);
    const setup = await submit(agent, '/account/security', '/account/security/two-factor/setup', {});
    expect(setup.headers.location).to.equal('/account/confirm-password?next=%2Faccount');

    const wrong = await submit(agent, '/account/confirm-password?next=/account/security', '/account/confirm-password', { password: 'not the password', next: '/account/security' });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.contain('That password is not correct.');
    const confirmed = await submit(agent, '/account/confirm-password?next=/account/security', '/account/confirm-password', { password: PASSWORD, next: '/account/security' });
    expect(confirmed.headers.location).to.equal('/account/security');

    const started = await submit(agent, '/account/security', '/account/security/two-factor/setup', {});
    expect(started.headers.location).to.equal('/account/security/two-factor/setup');
    const page = await agent.get('/account/security/two-factor/setup');
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1]!.replace(/ /g, '');
    expect(page.text).to.contain(`secret&#x3D;${secret}`);

    const bad = await submit(agent, '/account/security/two-factor/setup', '/account/security/two-factor/enable', { code: '000000' });
    expect(bad.headers.location).to.equal('/account/security/two-factor/setup');
    const done = await submit(agent, '/account/security/two-factor/setup', '/account/security/two-factor/enable', { code: currentTotp(secret) });
    expect(done.status).to.equal(200);
    expect(done.headers['cache-control']).to.contain('no-store');
    expect(done.text.match(/<li>[0-9a-f]{5}-[0-9a-f]{5}<\/li>/g)).to.have.length(10);
    expect((await reloadUser(user.id)).totpEnabledAt).to.be.instanceOf(Date);
    expect(await RecoveryCode.count({ where: { userId: user.id } })).to.equal(10);
    expect((await agent.get('/account/security/two-factor/setup')).headers.location).to.equal('/account/security');

    const off = await submit(agent, '/account/security', '/account/security/two-factor/disable', { password: PASSWORD });
    expect(off.headers.location).to.equal('/account/security#two-factor');
    expect((await reloadUser(user.id)).totpEnabledAt).to.equal(null);
  });

  it('when a customer adds a passkey and turns on passwordless sign-in, then the passkey alone signs them in', async () => {
    const user = await createAccount();
    const agent = await browser();
    await signIn(agent, user.email, PASSWORD);
    const authenticator = new SoftAuthenticator('http://localhost:3000', 'localhost');

    const options = await postJson(agent, '/account/security/passkeys/options', {});
    expect(options.status).to.equal(200);
    const added = await postJson(agent, '/account/security/passkeys', { name: 'Laptop', response: authenticator.register(options.body) });
    expect(added.body).to.deep.equal({ redirect: '/account/security#passkeys' });
    expect((await agent.get('/account/security')).text).to.contain('Laptop').and.contain('Your passkey was added.');
    const replay = await postJson(agent, '/account/security/passkeys', { name: 'Again', response: authenticator.register(options.body) });
    expect(replay.status).to.equal(422);
    expect(replay.body.code).to.equal('challenge_expired');
    await submit(agent, '/account/security', '/account/security/passwordless', { enabled: 'true' });
    expect((await reloadUser(user.id)).passwordlessEnabled).to.equal(true);

    const other = await browser();
    const challenge = await postJson(other, '/account/login/passkey/options', { mode: 'passwordless' }, '/account/login');
    const signedIn = await postJson(other, '/account/login/passkey', { response: authenticator.authenticate(challenge.body), next: '/account/security' }, '/account/login');
    expect(signedIn.body).to.deep.equal({ redirect: '/account/security' });
    expect((await other.get('/account/security')).status).to.equal(200);

    const id = (await Passkey.findOne())!.id;
    await submit(agent, '/account/security', `/account/security/passkeys/${id}/delete`, {});
    expect(await Passkey.count()).to.equal(0);
    expect((await reloadUser(user.id)).passwordlessEnabled).to.equal(false);
  });

  it('when a customer with TOTP signs in, then a passkey can stand in for the code', async () => {
    const user = await createAccount();
    const agent = await browser();
    await signIn(agent, user.email, PASSWORD);
    const authenticator = new SoftAuthenticator('http://localhost:3000', 'localhost');
    const options = await postJson(agent, '/account/security/passkeys/options', {});
    await postJson(agent, '/account/security/passkeys', { response: authenticator.register(options.body) });
    await submit(agent, '/account/security', '/account/security/two-factor/setup', {});
    const page = await agent.get('/account/security/two-factor/setup');
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1]!.replace(/ /g, '');
    await submit(agent, '/account/security/two-factor/setup', '/account/security/two-factor/enable', { code: currentTotp(secret) });

    const other = await browser();
    const step = await submit(other, '/account/login', '/account/login', { email: user.email, password: PASSWORD });
    expect(step.headers.location).to.equal('/account/login/two-factor');
    expect((await other.get('/account/login/two-factor')).text).to.contain('Use a passkey');
    const challenge = await postJson(other, '/account/login/passkey/options', { mode: 'second_factor' }, '/account/login/two-factor');
    expect(challenge.body.allowCredentials).to.have.length(1);
    const done = await postJson(other, '/account/login/passkey', { response: authenticator.authenticate(challenge.body) }, '/account/login/two-factor');
    expect(done.body).to.deep.equal({ redirect: '/account' });
    expect((await other.get('/account/security')).status).to.equal(200);
  });
});
