import { config } from '../../config/index.js';
import { forUpdate, inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { User } from '../models/index.js';
import { enqueueMail } from '../notify/enqueue-mail.js';
import { auditSecurityEvent } from './audit.js';
import { LOGIN_POLICY } from './policy.js';

/**
 * Counts a wrong password or second-factor code; the Nth in a row locks the account for a while
 * and mails the owner. Returns the lock end when this failure locked it.
 */
export async function recordFailedSignIn(userId: number, ctx: Ctx): Promise<{ lockedUntil: Date | null }> {
  return inTransaction(ctx, async (transaction) => {
    const tx = withTx(ctx, transaction);
    const user = await User.findByPk(userId, forUpdate(transaction));
    if (!user) return { lockedUntil: null };
    const failures = user.failedLoginCount + 1;
    if (failures < LOGIN_POLICY.maxFailedAttempts) {
      await user.update({ failedLoginCount: failures }, { transaction });
      return { lockedUntil: null };
    }
    const lockedUntil = new Date(ctx.now.getTime() + LOGIN_POLICY.lockMinutes * 60_000);
    // NOTE: the counter restarts so that after the lock the owner gets a full set of attempts again.
    await user.update({ failedLoginCount: 0, lockedUntil }, { transaction });
    await enqueueMail(
      {
        to: user.email,
        toName: user.fullName,
        userId: user.id,
        template: 'account-locked',
        subject: `Your ${config().appName} account was locked`,
        data: {
          name: user.firstName ?? user.email,
          attempts: LOGIN_POLICY.maxFailedAttempts,
          minutes: LOGIN_POLICY.lockMinutes,
          until: lockedUntil.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
          ip: ctx.actor.ip ?? 'unknown',
          resetLink: `${config().appUrl}/account/forgot-password`,
        },
        dedupeKey: `account_locked:${user.id}:${lockedUntil.getTime()}`,
      },
      tx,
    );
    await auditSecurityEvent({ action: 'user.locked', userId, after: { lockedUntil: lockedUntil.toISOString() } }, tx);
    return { lockedUntil };
  });
}
