import { inTransaction } from '../../db/transaction.js';
import { withTx, type Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Passkey, User } from '../../models/index.js';
import { auditSecurityEvent } from '../audit.js';

/** Deletes one of the user's passkeys; removing the last one turns passwordless sign-in off. */
export async function removePasskey(input: { userId: number; passkeyId: number }, ctx: Ctx): Promise<void> {
  await inTransaction(ctx, async (transaction) => {
    const passkey = await Passkey.findOne({ where: { id: input.passkeyId, userId: input.userId }, transaction });
    if (!passkey) throw new NotFoundError('passkey_not_found', 'That passkey no longer exists.');
    await passkey.destroy({ transaction });
    if ((await Passkey.count({ where: { userId: input.userId }, transaction })) === 0) {
      await User.update({ passwordlessEnabled: false }, { where: { id: input.userId }, transaction });
    }
    await auditSecurityEvent({ action: 'passkey.removed', userId: input.userId, before: { passkeyId: passkey.id, name: passkey.name } }, withTx(ctx, transaction));
  });
}
