import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { ApiToken } from '../../models/index.js';

/** Revokes one of the user's tokens (admins: anyone's). Revoking a revoked token changes nothing. */
export async function revokeApiToken(input: { userId: number; tokenId: number }, ctx: Ctx): Promise<ApiToken> {
  return inTransaction(ctx, async (t) => {
    const where = ctx.actor.role === 'admin' || ctx.actor.type === 'system' ? { id: input.tokenId } : { id: input.tokenId, userId: input.userId };
    const token = await ApiToken.findOne({ where, transaction: t, lock: t.LOCK.UPDATE });
    if (!token) throw new NotFoundError('api_token_not_found', 'Not found');
    if (token.revokedAt) return token;
    await token.update({ revokedAt: ctx.now }, { transaction: t });
    await recordAudit({ action: 'api_token.revoked', entityType: 'api_token', entityId: token.id, before: { revokedAt: null }, after: { revokedAt: ctx.now } }, { ...ctx, transaction: t });
    return token;
  });
}
