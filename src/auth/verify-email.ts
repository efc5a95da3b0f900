import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { Customer, User } from '../models/index.js';
import { notifyCustomer } from '../notify/notify.js';
import { config } from '../../config/index.js';
import { auditSecurityEvent } from './audit.js';
import { consumeAuthToken } from './consume-auth-token.js';
import { releaseEmailVerificationHolds } from '../fraud/release-email-holds.js';

/** Spends an email-verification token, marks the address verified and welcomes the customer; returns the user id. */
export async function verifyEmail(token: string, ctx: Ctx): Promise<{ userId: number }> {
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const userId = await consumeAuthToken(token, 'email_verification', tx);
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    if (!user.emailVerifiedAt) {
      await user.update({ emailVerifiedAt: ctx.now }, { transaction });
      await auditSecurityEvent({ action: 'user.email_verified', userId, after: { email: user.email } }, tx);
      // NOTE: orders held only for the unverified address are released (and, when paid, provisioned).
      await releaseEmailVerificationHolds(userId, tx);
      // NOTE: the welcome mail follows the confirmation (once per account), so a sign-up is not greeted by two mails at once.
      const customer = await Customer.findOne({ where: { userId }, attributes: ['id'], transaction });
      if (customer) await notifyCustomer('account.welcome', { customerId: customer.id, data: { email: user.email, accountUrl: `${config().appUrl}/account` } }, tx);
    }
    return { userId };
  });
}
