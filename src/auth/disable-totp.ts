import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { RecoveryCode, User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { wrongPassword } from './confirm-password.js';
import { verifyPassword } from './passwords.js';

/** Turns TOTP off (password required) and deletes the recovery codes. */
export async function disableTotp(input: { userId: number; password: string }, ctx: Ctx): Promise<void> {
  const user = await User.scope('withSecrets').findByPk(input.userId, { transaction: ctx.transaction });
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) throw wrongPassword();
  if (!user.totpEnabledAt) return;
  await inTransaction(ctx, async (transaction) => {
    await User.update({ totpSecretEnc: null, totpEnabledAt: null }, { where: { id: user.id }, transaction });
    await RecoveryCode.destroy({ where: { userId: user.id }, transaction });
    await auditSecurityEvent({ action: 'user.totp_disabled', userId: user.id, before: { totp: true }, after: { totp: false } }, withTx(ctx, transaction));
  });
}
