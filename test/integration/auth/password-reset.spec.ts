import { expect } from 'chai';
import { authenticateWithPassword } from '../../../src/auth/authenticate-with-password.js';
import { changePassword } from '../../../src/auth/change-password.js';
import { requestPasswordReset } from '../../../src/auth/request-password-reset.js';
import { resetPassword } from '../../../src/auth/reset-password.js';
import { clock } from '../../../src/lib/clock.js';
import { SessionRecord } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, createAccount, ctx, errorCode, mailsTo, reloadUser, tokenInMail } from './support.js';

const NEW_PASSWORD = 'a brand new passphrase';

async function sessionFor(userId: number, sid: string): Promise<void> {
  await SessionRecord.create({ sid, userId, surface: 'portal', data: '{}', expiresAt: new Date(Date.now() + 3_600_000) });
}

describe('auth: password reset and change', () => {
  beforeEach(resetDatabase);

  it('when a reset is asked for an unknown email or a staff account, then no mail is written', async () => {
    const staff = await createAccount({ role: 'support' });
    await requestPasswordReset({ email: 'nobody@example.test' }, ctx());
    await requestPasswordReset({ email: staff.email }, ctx());
    expect(await mailsTo('nobody@example.test')).to.have.length(0);
    expect(await mailsTo(staff.email)).to.have.length(0);
  });

  it('when the reset link is used, then the new password works, the old does not, the link is spent and every session ends', async () => {
    const user = await createAccount({ verified: false });
    await sessionFor(user.id, 'sid-a');
    await sessionFor(user.id, 'sid-b');
    await requestPasswordReset({ email: user.email.toUpperCase() }, ctx());
    const token = tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password');
    await resetPassword({ token, password: NEW_PASSWORD }, ctx());
    expect(await SessionRecord.count({ where: { userId: user.id } })).to.equal(0);
    expect((await reloadUser(user.id)).emailVerifiedAt).to.be.instanceOf(Date);
    expect((await authenticateWithPassword({ email: user.email, password: NEW_PASSWORD }, ctx())).userId).to.equal(user.id);
    expect(await errorCode(() => authenticateWithPassword({ email: user.email, password: PASSWORD }, ctx()))).to.equal('invalid_credentials');
    expect(await errorCode(() => resetPassword({ token, password: 'yet another passphrase' }, ctx()))).to.equal('token_invalid');
  });

  it('when the reset link is older than 60 minutes, then it is refused and the password is unchanged', async () => {
    clock.set('2026-03-01T10:00:00Z');
    const user = await createAccount();
    await requestPasswordReset({ email: user.email }, ctx());
    const token = tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password');
    clock.advance(60 * 60_000 + 1_000);
    expect(await errorCode(() => resetPassword({ token, password: NEW_PASSWORD }, ctx()))).to.equal('token_expired');
    expect((await authenticateWithPassword({ email: user.email, password: PASSWORD }, ctx())).userId).to.equal(user.id);
  });

  it('when the new password is too short, then the link is not spent', async () => {
    const user = await createAccount();
    await requestPasswordReset({ email: user.email }, ctx());
    const token = tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password');
    expect(await errorCode(() => resetPassword({ token, password: 'short' }, ctx()))).to.equal('password_too_short');
    await resetPassword({ token, password: NEW_PASSWORD }, ctx());
  });

  it('when a locked customer resets their password, then the lock is lifted', async () => {
    const user = await createAccount();
    await reloadUser(user.id).then((u) => u.update({ lockedUntil: new Date(Date.now() + 3_600_000), failedLoginCount: 3 }));
    await requestPasswordReset({ email: user.email }, ctx());
    await resetPassword({ token: tokenInMail((await mailsTo(user.email, 'password-reset'))[0]!, 'reset-password'), password: NEW_PASSWORD }, ctx());
    const row = await reloadUser(user.id);
    expect(row.lockedUntil).to.equal(null);
    expect(row.failedLoginCount).to.equal(0);
  });

  it('when the password is changed, then the current one is required and other sessions end but this one stays', async () => {
    const user = await createAccount();
    await sessionFor(user.id, 'sid-here');
    await sessionFor(user.id, 'sid-elsewhere');
    expect(await errorCode(() => changePassword({ userId: user.id, currentPassword: 'wrong', newPassword: NEW_PASSWORD, keepSid: 'sid-here' }, ctx()))).to.equal('current_password_wrong');
    expect(await changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD, keepSid: 'sid-here' }, ctx())).to.deep.equal({ sessionsRevoked: 1 });
    expect((await SessionRecord.findAll({ where: { userId: user.id } })).map((s) => s.sid)).to.deep.equal(['sid-here']);
    expect((await authenticateWithPassword({ email: user.email, password: NEW_PASSWORD }, ctx())).userId).to.equal(user.id);
  });
});
