import { createHash, randomInt } from 'node:crypto';
import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { ApiToken, User } from '../../models/index.js';
import { CUSTOMER_ABILITIES, STAFF_ABILITIES, type ApiAbility } from './abilities.js';

export interface CreateApiTokenInput {
  userId: number;
  name: string;
  abilities: readonly string[];
  expiresAt?: Date | null;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_TOKENS_PER_USER = 20;

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** SHA-256 of the whole token string: tokens are random, so a fast hash is enough and lookups stay one index probe. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates a personal API token and returns its plain text once (only the hash is stored). Customers may ask for
 * `read`/`write`; staff also for `admin:read`/`admin:write`. The owner or an admin may create tokens for a user.
 */
export async function createApiToken(input: CreateApiTokenInput, ctx: Ctx): Promise<{ token: string; record: ApiToken }> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name || name.length > 100) throw new ValidationError('api_token_name_invalid', 'Please name the token (at most 100 characters).');
  const abilities = [...new Set(input.abilities)];
  if (abilities.length === 0) throw new ValidationError('api_token_abilities_required', 'Choose at least one ability.');
  if (input.expiresAt && input.expiresAt.getTime() <= ctx.now.getTime()) throw new ValidationError('api_token_expiry_invalid', 'The expiry date must be in the future.');
  const actor = ctx.actor;
  if (actor.type !== 'system' && actor.userId !== input.userId && actor.role !== 'admin') throw new ForbiddenError();

  return inTransaction(ctx, async (t) => {
    const user = await User.findByPk(input.userId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!user || user.suspendedAt) throw new NotFoundError('user_not_found', 'No such active user');
    const allowed: readonly string[] = user.isStaff ? [...CUSTOMER_ABILITIES, ...STAFF_ABILITIES] : CUSTOMER_ABILITIES;
    const refused = abilities.filter((a) => !allowed.includes(a));
    if (refused.length) throw new ValidationError('api_token_abilities_invalid', `Not available to this account: ${refused.join(', ')}`);
    const live = await ApiToken.count({ where: { userId: user.id, revokedAt: null }, transaction: t });
    if (live >= MAX_TOKENS_PER_USER) throw new ValidationError('api_token_limit', `At most ${MAX_TOKENS_PER_USER} active tokens; revoke one first.`);

    const prefix = randomText(12);
    const token = `ezs_${prefix}_${randomText(32)}`;
    const record = await ApiToken.create(
      { userId: user.id, name, tokenPrefix: prefix, tokenHash: hashApiToken(token), abilities: abilities as ApiAbility[], expiresAt: input.expiresAt ?? null },
      { transaction: t },
    );
    await recordAudit(
      { action: 'api_token.created', entityType: 'api_token', entityId: record.id, before: null, after: { userId: user.id, name, abilities, prefix, expiresAt: input.expiresAt ?? null } },
      { ...ctx, transaction: t },
    );
    return { token, record };
  });
}
