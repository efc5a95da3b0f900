import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { assertAcceptablePassword, hashPassword, verifyPassword } from './passwords.js';
import { revokeUserSessions } from './sessions/revoke-user-sessions.js';

export interface ChangePasswordInput {
  userId: number;
  currentPassword: string;
  newPassword: string;
  /** The session making the change stays signed in; every other one is signed out. */
  keepSid?: string | null;
}

/** Changes a password after checking the current one; signs the account's other sessions out. */
export async function changePassword(input: ChangePasswordInput, ctx: Ctx): Promise<{ sessionsRevoked: number }> {
  const user = await User.scope('withSecrets').findByPk(input.userId, { transaction: ctx.transaction });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError('current_password_wrong', 'Your current password is not correct.', { field: 'currentPassword' });
  }
  assertAcceptablePassword(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    await User.update({ passwordHash, legacyPasswordHash: null, legacyHashAlgo: null }, { where: { id: user.id }, transaction });
    const sessionsRevoked = await revokeUserSessions({ userId: user.id, exceptSid: input.keepSid }, tx);
    await auditSecurityEvent({ action: 'user.password_changed', userId: user.id, after: { sessionsRevoked } }, tx);
    return { sessionsRevoked };
  });
}
