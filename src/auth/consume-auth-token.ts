import { Op } from 'sequelize';
import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { sha256 } from '../lib/crypto.js';
import { ValidationError } from '../lib/errors.js';
import { AuthToken } from '../models/index.js';
import type { AuthTokenPurpose } from '../models/enums.js';

export function invalidToken(): ValidationError {
  return new ValidationError('token_invalid', 'This link is invalid or has already been used. Request a new one.');
}

/**
 * Spends a single-use token and returns its user id; throws `token_invalid` or `token_expired`.
 * The conditional UPDATE makes two concurrent uses produce exactly one success.
 */
export async function consumeAuthToken(token: string, purpose: AuthTokenPurpose, ctx: Ctx): Promise<number> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) throw invalidToken();
  return inTransaction(ctx, async (transaction) => {
    const row = await AuthToken.findOne({ where: { tokenHash: sha256(token), purpose }, transaction });
    if (!row || row.usedAt) throw invalidToken();
    if (row.expiresAt.getTime() <= ctx.now.getTime()) {
      throw new ValidationError('token_expired', 'This link has expired. Request a new one.');
    }
    const [spent] = await AuthToken.update({ usedAt: ctx.now }, { where: { id: row.id, usedAt: { [Op.is]: null } }, transaction });
    if (spent !== 1) throw invalidToken();
    return row.userId;
  });
}
