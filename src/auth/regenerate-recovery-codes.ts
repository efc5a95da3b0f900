import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ConflictError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { wrongPassword } from './confirm-password.js';
import { verifyPassword } from './passwords.js';
import { replaceRecoveryCodes } from './recovery-codes.js';

/** Replaces the recovery codes (password required); the old ones stop working. Returns the new ones to show once. */
export async function regenerateRecoveryCodes(input: { userId: number; password: string }, ctx: Ctx): Promise<{ recoveryCodes: string[] }> {
  const user = await User.scope('withSecrets').findByPk(input.userId, { transaction: ctx.transaction });
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) throw wrongPassword();
  if (!user.totpEnabledAt) throw new ConflictError('totp_not_enabled', 'Turn on two-factor authentication first.');
  return inTransaction(ctx, async (transaction) => {
    const recoveryCodes = await replaceRecoveryCodes(user.id, transaction);
    await auditSecurityEvent({ action: 'user.recovery_codes_regenerated', userId: user.id }, withTx(ctx, transaction));
    return { recoveryCodes };
  });
}
