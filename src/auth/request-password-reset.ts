import { config } from '../../config/index.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { sha256 } from '../lib/crypto.js';
import { User } from '../models/index.js';
import { enqueueMail } from '../notify/enqueue-mail.js';
import { issueAuthToken } from './issue-auth-token.js';

/**
 * Mails a password-reset link valid for 60 minutes. Says nothing about whether the email is
 * known: the caller shows the same answer either way.
 */
export async function requestPasswordReset(input: { email: string }, ctx: Ctx): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const user = await User.findOne({ where: { email }, transaction });
    // NOTE: staff reset their password in the back office, behind its own access controls.
    if (!user || user.role !== 'customer') return;
    const { token, expiresAt } = await issueAuthToken(user.id, 'password_reset', tx);
    await enqueueMail(
      {
        to: user.email,
        toName: user.fullName,
        userId: user.id,
        template: 'password-reset',
        subject: `Reset your ${config().appName} password`,
        data: {
          name: user.firstName ?? user.email,
          link: `${config().appUrl}/account/reset-password?token=${encodeURIComponent(token)}`,
          minutes: Math.round((expiresAt.getTime() - ctx.now.getTime()) / 60_000),
          ip: ctx.actor.ip ?? 'unknown',
        },
        dedupeKey: `password_reset:${sha256(token).slice(0, 40)}`,
      },
      tx,
    );
  });
}
