import type { Ctx } from '../lib/context.js';
import { Passkey, type User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { invalidCredentials } from './errors.js';
import { dummyPasswordHash, needsRehash, rehashPassword, verifyLegacyPassword, verifyPassword } from './passwords.js';
import { recordFailedSignIn } from './record-failed-sign-in.js';
import type { LoginInput } from './schemas.js';
import { assertMayUsePortal, assertNotLocked, findUserForSignIn } from './sign-in-rules.js';

/** What is left to do once the password is right. */
export interface PasswordSignIn {
  userId: number;
  /** Second factors to ask for before signing the session in; null when TOTP is not enabled. */
  secondFactor: { totp: true; recoveryCode: true; passkey: boolean } | null;
}

async function checkPassword(user: User, plain: string): Promise<{ ok: boolean; upgrade: boolean }> {
  if (user.passwordHash) {
    const ok = await verifyPassword(user.passwordHash, plain);
    return { ok, upgrade: ok && needsRehash(user.passwordHash) };
  }
  if (user.legacyPasswordHash) {
    const ok = await verifyLegacyPassword(user.legacyPasswordHash, user.legacyHashAlgo, plain);
    return { ok, upgrade: ok };
  }
  await verifyPassword(await dummyPasswordHash(), plain);
  return { ok: false, upgrade: false };
}

/**
 * First step of a portal sign-in: checks the email and password (upgrading legacy WHMCS and
 * weaker hashes to today's argon2id), the lock, and who may use the portal.
 * Throws `invalid_credentials` for an unknown email and a wrong password alike.
 */
export async function authenticateWithPassword(input: LoginInput, ctx: Ctx): Promise<PasswordSignIn> {
  const email = input.email.trim().toLowerCase();
  const user = email ? await findUserForSignIn({ email }) : null;
  if (!user) {
    // NOTE: the same argon2 work as a real check, so response time does not reveal unknown emails.
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw invalidCredentials();
  }
  assertNotLocked(user, ctx.now);
  const { ok, upgrade } = await checkPassword(user, input.password);
  if (!ok) {
    const { lockedUntil } = await recordFailedSignIn(user.id, ctx);
    if (lockedUntil) assertNotLocked(Object.assign(user, { lockedUntil }), ctx.now);
    throw invalidCredentials();
  }
  if (upgrade) {
    const from = user.passwordHash ? 'argon2id' : (user.legacyHashAlgo ?? 'legacy');
    const passwordHash = await rehashPassword(input.password);
    await user.update({ passwordHash, legacyPasswordHash: null, legacyHashAlgo: null }, { transaction: ctx.transaction });
    await auditSecurityEvent({ action: 'user.password_rehashed', userId: user.id, before: { algo: from }, after: { algo: 'argon2id' } }, ctx);
  }
  assertMayUsePortal(user);
  if (!user.totpEnabledAt) return { userId: user.id, secondFactor: null };
  const passkeys = await Passkey.count({ where: { userId: user.id } });
  return { userId: user.id, secondFactor: { totp: true, recoveryCode: true, passkey: passkeys > 0 } };
}
