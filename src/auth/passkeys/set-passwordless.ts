import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import { Passkey, User } from '../../models/index.js';
import { auditSecurityEvent } from '../audit.js';

/** Turns passwordless sign-in (a passkey alone) on or off; turning it on needs at least one passkey. */
export async function setPasswordless(input: { userId: number; enabled: boolean }, ctx: Ctx): Promise<void> {
  if (input.enabled && (await Passkey.count({ where: { userId: input.userId }, transaction: ctx.transaction })) === 0) {
    throw new ConflictError('passkey_required', 'Add a passkey before turning on passwordless sign-in.');
  }
  await User.update({ passwordlessEnabled: input.enabled }, { where: { id: input.userId }, transaction: ctx.transaction });
  await auditSecurityEvent({ action: input.enabled ? 'user.passwordless_enabled' : 'user.passwordless_disabled', userId: input.userId, after: { passwordless: input.enabled } }, ctx);
}
