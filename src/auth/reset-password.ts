import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { consumeAuthToken } from './consume-auth-token.js';
import { assertAcceptablePassword, hashPassword } from './passwords.js';
import { revokeUserSessions } from './sessions/revoke-user-sessions.js';

/**
 * Sets a new password from a reset link: spends the token, lifts a lock, marks the email verified
 * (the link reached it) and signs every session of the account out.
 */
export async function resetPassword(input: { token: string; password: string }, ctx: Ctx): Promise<{ userId: number }> {
  // NOTE: checked before the token is spent, so a too-short password does not burn the link.
  assertAcceptablePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const userId = await consumeAuthToken(input.token, 'password_reset', tx);
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    await user.update(
      {
        passwordHash,
        legacyPasswordHash: null,
        legacyHashAlgo: null,
        failedLoginCount: 0,
        lockedUntil: null,
        emailVerifiedAt: user.emailVerifiedAt ?? ctx.now,
      },
      { transaction },
    );
    const signedOut = await revokeUserSessions({ userId }, tx);
    await auditSecurityEvent({ action: 'user.password_reset', userId, after: { sessionsRevoked: signedOut } }, tx);
    return { userId };
  });
}
