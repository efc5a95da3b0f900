import { auditSecurityEvent } from '../../src/auth/audit.js';
import { revokeUserSessions } from '../../src/auth/sessions/revoke-user-sessions.js';
import { inTransaction } from '../../src/db/transaction.js';
import { withTx, type Ctx } from '../../src/lib/context.js';
import { NotFoundError } from '../../src/lib/errors.js';
import { RecoveryCode, User } from '../../src/models/index.js';

/**
 * Turns a user's TOTP off on staff request (lost phone): deletes the secret and recovery codes and
 * signs them out everywhere. A staff member then enrols again at the next sign-in.
 */
export async function resetUserTwoFactor(userId: number, ctx: Ctx): Promise<void> {
  await inTransaction(ctx, async (transaction) => {
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    await User.update({ totpSecretEnc: null, totpEnabledAt: null }, { where: { id: userId }, transaction });
    await RecoveryCode.destroy({ where: { userId }, transaction });
    const tx = withTx(ctx, transaction);
    await revokeUserSessions({ userId }, tx);
    await auditSecurityEvent({ action: 'user.totp_reset', userId, before: { totp: !!user.totpEnabledAt }, after: { totp: false } }, tx);
  });
}
