import { Op } from 'sequelize';
import { clock } from '../../lib/clock.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { ApiToken, Customer, User } from '../../models/index.js';
import { TOKEN_PATTERN } from './abilities.js';
import { hashApiToken } from './create-api-token.js';

export interface ApiPrincipal {
  token: ApiToken;
  user: User;
  /** The customer record of a customer's token; null for staff. */
  customer: Customer | null;
  abilities: ReadonlySet<string>;
}

/** How often `last_used_at` is written for a busy token (one UPDATE per minute, not per request). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a bearer token to its user: unknown, revoked or expired tokens, suspended users and closed customer
 * accounts are all "unauthenticated" with the same message (nothing tells an attacker which part failed).
 */
export async function authenticateApiToken(token: string, ip: string | null): Promise<ApiPrincipal> {
  const refuse = () => new UnauthorizedError('invalid_token', 'The API token is missing, invalid, revoked or expired.');
  if (!TOKEN_PATTERN.test(token)) throw refuse();
  const now = clock.now();
  const record = await ApiToken.findOne({
    where: { tokenHash: hashApiToken(token), revokedAt: null, [Op.or]: [{ expiresAt: null }, { expiresAt: { [Op.gt]: now } }] },
  });
  if (!record) throw refuse();
  const user = await User.findByPk(record.userId);
  if (!user || user.suspendedAt) throw refuse();
  const customer = user.isStaff ? null : await Customer.findOne({ where: { userId: user.id } });
  if (!user.isStaff && customer?.status !== 'active') throw refuse();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await ApiToken.update({ lastUsedAt: now, lastUsedIp: ip?.slice(0, 64) ?? null }, { where: { id: record.id } });
  }
  return { token: record, user, customer, abilities: new Set(record.abilities) };
}
