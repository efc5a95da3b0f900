import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import { authenticateWithPassword } from '../../../src/auth/authenticate-with-password.js';
import { completeSignIn } from '../../../src/auth/complete-sign-in.js';
import { INVALID_CREDENTIALS_MESSAGE } from '../../../src/auth/errors.js';
import { LOGIN_POLICY } from '../../../src/auth/policy.js';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, createAccount, ctx, errorCode, mailsTo, reloadUser } from './support.js';

async function attempt(email: string, password: string): Promise<{ code?: string; message?: string }> {
  try {
    await authenticateWithPassword({ email, password }, ctx());
    return {};
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
}

describe('auth: password sign-in', () => {
  beforeEach(resetDatabase);

  it('when the password is right, then the sign-in proceeds with no second factor', async () => {
    const user = await createAccount({ email: 'ada@example.test' });
    expect(await authenticateWithPassword({ email: ' ADA@example.test ', password: PASSWORD }, ctx())).to.deep.equal({ userId: user.id, secondFactor: null });
  });

  it('when the password is wrong or the email unknown, then both get the same generic message', async () => {
    await createAccount({ email: 'ada@example.test' });
    const wrong = await attempt('ada@example.test', 'not the password');
    const unknown = await attempt('nobody@example.test', 'not the password');
    expect(wrong).to.deep.equal({ code: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE });
    expect(unknown).to.deep.equal(wrong);
  });

  it(`when ${LOGIN_POLICY.maxFailedAttempts} wrong passwords are tried, then the account locks, the owner is mailed and even the right password waits`, async () => {
    clock.set('2026-03-01T10:00:00Z');
    const user = await createAccount({ email: 'ada@example.test' });
    for (let i = 1; i < LOGIN_POLICY.maxFailedAttempts; i++) expect((await attempt(user.email, 'wrong')).code).to.equal('invalid_credentials');
    expect((await reloadUser(user.id)).failedLoginCount).to.equal(LOGIN_POLICY.maxFailedAttempts - 1);
    expect((await attempt(user.email, 'wrong')).code).to.equal('account_locked');
    expect((await reloadUser(user.id)).lockedUntil?.toISOString()).to.equal('2026-03-01T10:15:00.000Z');
    const [mail] = await mailsTo(user.email, 'account-locked');
    expect(mail?.text).to.contain('locked your EZSCALE account for 15 minutes');
    expect((await attempt(user.email, PASSWORD)).code).to.equal('account_locked');
    clock.advance(15 * 60_000 + 1);
    expect(await attempt(user.email, PASSWORD)).to.deep.equal({});
  });

  it('when a suspended customer signs in with the right password, then they are refused with a clear message', async () => {
    const user = await createAccount({ suspended: true });
    expect(await attempt(user.email, PASSWORD)).to.deep.equal({ code: 'account_suspended', message: 'This account is suspended. Please contact support to restore access.' });
    expect((await attempt(user.email, 'wrong')).code).to.equal('invalid_credentials');
  });

  it('when a staff member signs in to the portal, then they are refused', async () => {
    const admin = await createAccount({ role: 'admin' });
    expect((await attempt(admin.email, PASSWORD)).code).to.equal('staff_account');
  });

  for (const [label, legacy] of [
    ['a WHMCS bcrypt ($2y$) hash', { hash: bcrypt.hashSync('oldpass1', 10).replace(/^\$2[ab]\$/, '$2y$'), algo: 'bcrypt' }],
    ['a plain md5 hash', { hash: crypto.createHash('md5').update('oldpass1').digest('hex'), algo: 'md5' }],
    ['a salted md5 hash', { hash: `${crypto.createHash('md5').update('xY' + 'oldpass1').digest('hex')}:xY`, algo: null }],
  ] as const) {
    it(`when an imported customer with ${label} signs in, then it works once and the hash is now argon2id`, async () => {
      const user = await createAccount({ legacy: { ...legacy } });
      expect((await attempt(user.email, 'oldpass2')).code).to.equal('invalid_credentials');
      expect(await attempt(user.email, 'oldpass1')).to.deep.equal({});
      const row = await reloadUser(user.id);
      expect(row.passwordHash).to.match(/^\$argon2id\$/);
      expect(row.legacyPasswordHash).to.equal(null);
      expect(row.legacyHashAlgo).to.equal(null);
      expect(await attempt(user.email, 'oldpass1')).to.deep.equal({});
      expect(await AuditLog.count({ where: { action: 'user.password_rehashed', entityId: String(user.id) } })).to.equal(1);
    });
  }

  it('when a sign-in completes, then the failure count resets and the login is stamped', async () => {
    const user = await createAccount();
    await attempt(user.email, 'wrong');
    await authenticateWithPassword({ email: user.email, password: PASSWORD }, ctx());
    await completeSignIn(user.id, { method: 'password' }, ctx({ ip: '192.0.2.44' }));
    const row = await reloadUser(user.id);
    expect(row.failedLoginCount).to.equal(0);
    expect(row.lastLoginIp).to.equal('192.0.2.44');
    expect(await errorCode(() => completeSignIn(999_999, { method: 'password' }, ctx()))).to.equal('user_not_found');
  });
});
