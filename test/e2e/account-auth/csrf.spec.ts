import { expect } from 'chai';
import { countRows, resetDatabase } from '../../support/db.js';
import { PASSWORD, browser, createAccount, reloadUser, signIn } from './support.js';

/** Every form and JSON endpoint of the account pages that changes something. */
const POSTS = [
  ['/account/login', { email: 'x@example.test', password: PASSWORD }],
  ['/account/login/two-factor', { code: '123456' }],
  ['/account/login/passkey/options', { mode: 'passwordless' }],
  ['/account/login/passkey', { response: '{}' }],
  ['/account/register', { email: 'new@example.test', password: 'a long enough password', firstName: 'A', lastName: 'B', country: 'US' }],
  ['/account/verify-email/resend', {}],
  ['/account/forgot-password', { email: 'x@example.test' }],
  ['/account/reset-password', { token: 'x'.repeat(43), password: 'a long enough password', passwordConfirm: 'a long enough password' }],
  ['/account/confirm-password', { password: PASSWORD }],
  ['/account/security/password', { currentPassword: PASSWORD, newPassword: 'another long password', newPasswordConfirm: 'another long password' }],
  ['/account/security/two-factor/setup', {}],
  ['/account/security/two-factor/enable', { code: '123456' }],
  ['/account/security/two-factor/disable', { password: PASSWORD }],
  ['/account/security/recovery-codes', { password: PASSWORD }],
  ['/account/security/passkeys/options', {}],
  ['/account/security/passkeys', { response: '{}' }],
  ['/account/security/passkeys/1/delete', {}],
  ['/account/security/passwordless', { enabled: 'true' }],
  ['/account/security/sessions/0123456789abcdef0123456789abcdef/revoke', {}],
  ['/account/security/sessions/revoke-others', {}],
  ['/account/logout', {}],
] as const;

const TABLES = ['users', 'customers', 'auth_tokens', 'mail_outbox', 'recovery_codes', 'passkeys', 'known_devices', 'audit_logs'];

describe('account e2e: CSRF', function () {
  this.timeout(120_000);
  before(resetDatabase);

  it('when any account form is posted without its CSRF token, then it is refused with 403 and nothing changes', async () => {
    const user = await createAccount({ verified: false });
    const agent = await browser();
    await signIn(agent, user.email, PASSWORD);
    const before = await reloadUser(user.id);
    const counts = await Promise.all(TABLES.map((t) => countRows(t)));
    for (const [path, fields] of POSTS) {
      const asForm = await agent.post(path).type('form').send(fields);
      expect(asForm.status, `form POST ${path}`).to.equal(403);
      const asJson = await agent.post(path).set('Accept', 'application/json').send({ ...fields, _csrf: 'forged' });
      expect(asJson.status, `JSON POST ${path}`).to.equal(403);
      expect(asJson.body.code).to.equal('csrf_invalid');
    }
    const after = await reloadUser(user.id);
    expect(after.passwordHash).to.equal(before.passwordHash);
    expect(after.totpEnabledAt).to.equal(null);
    expect(after.passwordlessEnabled).to.equal(false);
    expect(await Promise.all(TABLES.map((t) => countRows(t)))).to.deep.equal(counts);
    expect((await agent.get('/account/security')).status).to.equal(200);
  });
});
