import { Op } from 'sequelize';
import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { randomToken, sha256 } from '../lib/crypto.js';
import { AuthToken } from '../models/index.js';
import type { AuthTokenPurpose } from '../models/enums.js';
import { TOKEN_TTL_MINUTES } from './policy.js';

/**
 * Issues a single-use token for `purpose` and returns it in clear (only its SHA-256 is stored);
 * earlier unused tokens of the same purpose stop working.
 */
export async function issueAuthToken(userId: number, purpose: AuthTokenPurpose, ctx: Ctx): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(ctx.now.getTime() + TOKEN_TTL_MINUTES[purpose] * 60_000);
  await inTransaction(ctx, async (transaction) => {
    await AuthToken.update({ usedAt: ctx.now }, { where: { userId, purpose, usedAt: { [Op.is]: null } }, transaction });
    await AuthToken.create({ userId, purpose, tokenHash: sha256(token), expiresAt }, { transaction });
  });
  return { token, expiresAt };
}
