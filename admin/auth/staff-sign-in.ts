import { auditSecurityEvent } from '../../src/auth/audit.js';
import { verifyAccessJwt } from '../../src/auth/cloudflare-access.js';
import { accountLocked, accountSuspended, invalidCredentials } from '../../src/auth/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../src/auth/passwords.js';
import { recordFailedSignIn } from '../../src/auth/record-failed-sign-in.js';
import { assertNotLocked, findUserForSignIn, isBackOfficeUser } from '../../src/auth/sign-in-rules.js';
import type { Ctx } from '../../src/lib/context.js';
import { STAFF_ROLES } from '../../src/models/enums.js';

// NOTE: the staff counterpart of src/auth's authenticateWithPassword, which ends with assertMayUsePortal
// (customers only). Same primitives, same lock (users.failed_login_count / locked_until via
// recordFailedSignIn); only who may pass differs. The second step is src/auth's verifySecondFactor with
// surface 'back_office'.

/**
 * Password step of a back-office sign-in. Unknown email, wrong password and a non-staff account all
 * throw `invalid_credentials`; wrong passwords count towards the lock. `enrol` is true while the
 * staff member has no TOTP yet (it is required).
 */
export async function authenticateStaff(input: { email: string; password: string }, ctx: Ctx): Promise<{ userId: number; enrol: boolean }> {
  const email = input.email.trim().toLowerCase();
  const user = email ? await findUserForSignIn({ email }) : null;
  if (!user?.passwordHash) {
    // NOTE: the same argon2 work as a real check, so response time does not reveal unknown emails.
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw invalidCredentials();
  }
  assertNotLocked(user, ctx.now);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const { lockedUntil } = await recordFailedSignIn(user.id, ctx);
    if (lockedUntil) throw accountLocked(lockedUntil, ctx.now);
    throw invalidCredentials();
  }
  if (!(STAFF_ROLES as readonly string[]).includes(user.role)) throw invalidCredentials();
  if (user.suspendedAt) throw accountSuspended();
  return { userId: user.id, enrol: !user.totpEnabledAt || !user.totpSecretEnc };
}

/**
 * First step through Cloudflare Access instead of the password: a verified Access JWT naming a staff
 * member who may use the back office and is not locked. Null when the token proves nothing (the
 * password form is shown as usual); the second factor is still required.
 */
export async function authenticateStaffByAccess(input: { token: string }, ctx: Ctx): Promise<{ userId: number; enrol: boolean } | null> {
  const identity = await verifyAccessJwt(input.token, ctx.now);
  if (!identity) return null;
  const user = await findUserForSignIn({ email: identity.email });
  if (!user || !isBackOfficeUser(user)) return null;
  if (user.lockedUntil && user.lockedUntil.getTime() > ctx.now.getTime()) return null;
  await auditSecurityEvent({ action: 'user.access_verified', userId: user.id, after: { email: identity.email, ip: ctx.actor.ip ?? null } }, ctx);
  return { userId: user.id, enrol: !user.totpEnabledAt || !user.totpSecretEnc };
}
