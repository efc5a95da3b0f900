import { config } from '../../config/index.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { sha256 } from '../lib/crypto.js';
import { NotFoundError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { enqueueMail } from '../notify/enqueue-mail.js';
import { issueAuthToken } from './issue-auth-token.js';

/** Mails a fresh email-verification link (earlier links stop working); no-op once the address is verified. */
export async function sendVerificationEmail(userId: number, ctx: Ctx): Promise<{ sent: boolean }> {
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    if (user.emailVerifiedAt) return { sent: false };
    const { token, expiresAt } = await issueAuthToken(user.id, 'email_verification', tx);
    await enqueueMail(
      {
        to: user.email,
        toName: user.fullName,
        userId: user.id,
        template: 'verify-email',
        subject: `Confirm your email address for ${config().appName}`,
        data: {
          name: user.firstName ?? user.email,
          link: `${config().appUrl}/account/verify-email?token=${encodeURIComponent(token)}`,
          expiresHours: Math.round((expiresAt.getTime() - ctx.now.getTime()) / 3_600_000),
        },
        dedupeKey: `email_verification:${sha256(token).slice(0, 40)}`,
      },
      tx,
    );
    return { sent: true };
  });
}
