import { expect } from 'chai';
import { authenticateWithPassword } from '../../../src/auth/authenticate-with-password.js';
import { disableTotp } from '../../../src/auth/disable-totp.js';
import { enableTotp } from '../../../src/auth/enable-totp.js';
import { LOGIN_POLICY } from '../../../src/auth/policy.js';
import { regenerateRecoveryCodes } from '../../../src/auth/regenerate-recovery-codes.js';
import { startTotpSetup } from '../../../src/auth/start-totp-setup.js';
import { currentTotp } from '../../../src/auth/totp.js';
import { verifySecondFactor } from '../../../src/auth/verify-second-factor.js';
import { clock } from '../../../src/lib/clock.js';
import { RecoveryCode } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { PASSWORD, createAccount, ctx, errorCode, mailsTo, reloadUser } from './support.js';

async function withTotp(): Promise<{ userId: number; email: string; secret: string; recoveryCodes: string[] }> {
  const user = await createAccount();
  const { secret, uri } = await startTotpSetup(user.id, ctx());
  expect(uri).to.match(/^otpauth:\/\/totp\/EZSCALE:/);
  const { recoveryCodes } = await enableTotp({ userId: user.id, secret, code: currentTotp(secret) }, ctx());
  return { userId: user.id, email: user.email, secret, recoveryCodes };
}

describe('auth: two-factor sign-in', () => {
  beforeEach(resetDatabase);

  it('when TOTP is set up with a wrong code, then it stays off', async () => {
    const user = await createAccount();
    const { secret } = await startTotpSetup(user.id, ctx());
    expect(await errorCode(() => enableTotp({ userId: user.id, secret, code: '000000' }, ctx()))).to.equal('invalid_code');
    expect((await reloadUser(user.id)).totpEnabledAt).to.equal(null);
  });

  it('when TOTP is on, then the password step asks for a second factor and the current code passes it', async () => {
    const { userId, email, secret, recoveryCodes } = await withTotp();
    expect(recoveryCodes).to.have.length(10);
    expect((await reloadUser(userId)).totpSecretEnc).to.match(/^v1:/);
    const step = await authenticateWithPassword({ email, password: PASSWORD }, ctx());
    expect(step).to.deep.equal({ userId, secondFactor: { totp: true, recoveryCode: true, passkey: false } });
    expect(await verifySecondFactor({ userId, code: currentTotp(secret) }, ctx())).to.deep.equal({ method: 'totp' });
  });

  it('when a TOTP code is used, then it signs in once: the same code again (even at once, twice) is refused and only a later code passes', async () => {
    const { userId, secret } = await withTotp();
    const code = currentTotp(secret);
    const [first, second] = await Promise.allSettled([verifySecondFactor({ userId, code }, ctx()), verifySecondFactor({ userId, code }, ctx())]);
    expect([first.status, second.status].sort()).to.deep.equal(['fulfilled', 'rejected']);
    expect(await errorCode(() => verifySecondFactor({ userId, code }, ctx()))).to.equal('invalid_code');
    const previous = currentTotp(secret, new Date(clock.now().getTime() - 30_000));
    if (previous !== code) expect(await errorCode(() => verifySecondFactor({ userId, code: previous }, ctx())), 'an earlier code').to.equal('invalid_code');
    const next = currentTotp(secret, new Date(clock.now().getTime() + 30_000));
    expect(await verifySecondFactor({ userId, code: next }, ctx())).to.deep.equal({ method: 'totp' });
  });

  it('when a recovery code is used, then it passes once and never again', async () => {
    const { userId, recoveryCodes } = await withTotp();
    const code = recoveryCodes[3]!;
    expect(await verifySecondFactor({ userId, code: code.toUpperCase() }, ctx())).to.deep.equal({ method: 'recovery_code' });
    expect(await errorCode(() => verifySecondFactor({ userId, code }, ctx()))).to.equal('invalid_code');
    expect(await RecoveryCode.count({ where: { userId, usedAt: null } })).to.equal(9);
  });

  it(`when ${LOGIN_POLICY.maxFailedAttempts} wrong codes are entered, then the account locks`, async () => {
    const { userId, email, secret } = await withTotp();
    for (let i = 1; i < LOGIN_POLICY.maxFailedAttempts; i++) expect(await errorCode(() => verifySecondFactor({ userId, code: '12345-67890' }, ctx()))).to.equal('invalid_code');
    expect(await errorCode(() => verifySecondFactor({ userId, code: '000000' }, ctx()))).to.equal('account_locked');
    expect(await errorCode(() => verifySecondFactor({ userId, code: currentTotp(secret) }, ctx()))).to.equal('account_locked');
    expect(await mailsTo(email, 'account-locked')).to.have.length(1);
  });

  it('when recovery codes are regenerated, then the old ones stop working', async () => {
    const { userId, recoveryCodes } = await withTotp();
    expect(await errorCode(() => regenerateRecoveryCodes({ userId, password: 'wrong' }, ctx()))).to.equal('password_wrong');
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes({ userId, password: PASSWORD }, ctx());
    expect(await errorCode(() => verifySecondFactor({ userId, code: recoveryCodes[0]! }, ctx()))).to.equal('invalid_code');
    expect(await verifySecondFactor({ userId, code: fresh[0]! }, ctx())).to.deep.equal({ method: 'recovery_code' });
  });

  it('when TOTP is disabled, then the password is required and sign-in no longer asks for a code', async () => {
    const { userId, email } = await withTotp();
    expect(await errorCode(() => disableTotp({ userId, password: 'wrong' }, ctx()))).to.equal('password_wrong');
    expect((await reloadUser(userId)).totpEnabledAt).to.be.instanceOf(Date);
    await disableTotp({ userId, password: PASSWORD }, ctx());
    expect(await RecoveryCode.count({ where: { userId } })).to.equal(0);
    expect((await authenticateWithPassword({ email, password: PASSWORD }, ctx())).secondFactor).to.equal(null);
  });
});
