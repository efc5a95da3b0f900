import { auditSecurityEvent } from '../../src/auth/audit.js';
import { inTransaction } from '../../src/db/transaction.js';
import { withTx, type Ctx } from '../../src/lib/context.js';
import { NotFoundError } from '../../src/lib/errors.js';
import { User } from '../../src/models/index.js';

/** Lifts a sign-in lock early (staff action): clears the failure count and `locked_until`. */
export async function unlockUser(userId: number, ctx: Ctx): Promise<void> {
  await inTransaction(ctx, async (transaction) => {
    const user = await User.findByPk(userId, { transaction });
    if (!user) throw new NotFoundError('user_not_found');
    const before = { lockedUntil: user.lockedUntil?.toISOString() ?? null, failedLoginCount: user.failedLoginCount };
    await user.update({ failedLoginCount: 0, lockedUntil: null }, { transaction });
    await auditSecurityEvent({ action: 'user.unlocked', userId, before, after: { lockedUntil: null, failedLoginCount: 0 } }, withTx(ctx, transaction));
  });
}
