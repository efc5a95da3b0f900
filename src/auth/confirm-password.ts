import type { Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { verifyPassword } from './passwords.js';

export function wrongPassword(): ValidationError {
  return new ValidationError('password_wrong', 'That password is not correct.', { field: 'password' });
}

/** Re-authentication: proves the person at the keyboard knows the password of the signed-in account. */
export async function confirmPassword(input: { userId: number; password: string }, ctx: Ctx): Promise<void> {
  const user = await User.scope('withSecrets').findByPk(input.userId, { transaction: ctx.transaction });
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) throw wrongPassword();
  await auditSecurityEvent({ action: 'user.reauthenticated', userId: user.id }, ctx);
}
