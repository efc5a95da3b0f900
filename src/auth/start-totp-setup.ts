import { config } from '../../config/index.js';
import type { Ctx } from '../lib/context.js';
import { ConflictError, NotFoundError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { generateTotpSecret } from './totp.js';

/**
 * A new TOTP secret for the user to add to an authenticator app. Nothing is stored: the caller
 * keeps the secret in the session until `enableTotp` confirms a code from it.
 */
export async function startTotpSetup(userId: number, ctx: Ctx): Promise<{ secret: string; uri: string }> {
  const user = await User.findByPk(userId, { transaction: ctx.transaction });
  if (!user) throw new NotFoundError('user_not_found');
  if (user.totpEnabledAt) throw new ConflictError('totp_already_enabled', 'Two-factor authentication is already on.');
  return generateTotpSecret(user.email, config().appName);
}
