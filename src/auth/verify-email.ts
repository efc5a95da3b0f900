import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { consumeAuthToken } from './consume-auth-token.js';

/** Spends an email-verification token and marks the address verified; returns the user id. */
export async function verifyEmail(token: string, ctx: Ctx): Promise<{ userId: number }> {
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const userId = await consumeAuthToken(token, 'email_verification', tx);
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    if (!user.emailVerifiedAt) {
      await user.update({ emailVerifiedAt: ctx.now }, { transaction });
      await auditSecurityEvent({ action: 'user.email_verified', userId, after: { email: user.email } }, tx);
    }
    return { userId };
  });
}
