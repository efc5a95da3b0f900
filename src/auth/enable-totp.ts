import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { replaceRecoveryCodes } from './recovery-codes.js';
import { encryptTotpSecret, verifyTotp } from './totp.js';

/** Turns TOTP on once a code from the new secret checks out; returns ten recovery codes to show once. */
export async function enableTotp(input: { userId: number; secret: string; code: string }, ctx: Ctx): Promise<{ recoveryCodes: string[] }> {
  if (!verifyTotp(input.secret, input.code)) {
    throw new ValidationError('invalid_code', 'That code did not match. Check the time on your phone and try the current code.', { field: 'code' });
  }
  return inTransaction(ctx, async (transaction) => {
    const user = await User.findByPk(input.userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    if (user.totpEnabledAt) throw new ConflictError('totp_already_enabled', 'Two-factor authentication is already on.');
    await user.update({ totpSecretEnc: encryptTotpSecret(input.secret), totpEnabledAt: ctx.now }, { transaction });
    const recoveryCodes = await replaceRecoveryCodes(user.id, transaction);
    await auditSecurityEvent({ action: 'user.totp_enabled', userId: user.id, before: { totp: false }, after: { totp: true } }, withTx(ctx, transaction));
    return { recoveryCodes };
  });
}
