import { Op } from 'sequelize';
import { accountLocked, accountSuspended, invalidCode, invalidCredentials } from '../../src/auth/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../src/auth/passwords.js';
import { recordFailedSignIn } from '../../src/auth/record-failed-sign-in.js';
import { assertNotLocked, findUserForSignIn } from '../../src/auth/sign-in-rules.js';
import { hashRecoveryCode, verifyStoredTotp } from '../../src/auth/totp.js';
import { auditSecurityEvent } from '../../src/auth/audit.js';
import type { Ctx } from '../../src/lib/context.js';
import { RecoveryCode, type User } from '../../src/models/index.js';
import { STAFF_ROLES } from '../../src/models/enums.js';

// NOTE: the staff counterparts of src/auth's authenticateWithPassword and verifySecondFactor, which end
// with assertMayUsePortal (customers only). Same primitives, same lock (users.failed_login_count /
// locked_until via recordFailedSignIn); only who may pass differs.

/** Who may hold a back-office session: admin, support or finance, not suspended. */
export function isBackOfficeUser(user: Pick<User, 'role' | 'suspendedAt'>): boolean {
  return (STAFF_ROLES as readonly string[]).includes(user.role) && !user.suspendedAt;
}

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

/** Second step: a 6-digit TOTP code or a recovery code (spent on use); wrong codes count towards the lock. */
export async function verifyStaffSecondFactor(input: { userId: number; code: string }, ctx: Ctx): Promise<{ method: 'totp' | 'recovery_code' }> {
  const user = await findUserForSignIn({ id: input.userId });
  if (!user || !user.totpEnabledAt || !isBackOfficeUser(user)) throw invalidCode();
  assertNotLocked(user, ctx.now);
  const code = input.code.replace(/\s+/g, '');
  let method: 'totp' | 'recovery_code' | null = null;
  if (/^\d{6}$/.test(code)) {
    if (verifyStoredTotp(user.totpSecretEnc, code)) method = 'totp';
  } else if (code.length >= 8 && code.length <= 32) {
    const [spent] = await RecoveryCode.update(
      { usedAt: ctx.now },
      { where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: { [Op.is]: null } }, transaction: ctx.transaction },
    );
    if (spent === 1) method = 'recovery_code';
  }
  if (!method) {
    const { lockedUntil } = await recordFailedSignIn(user.id, ctx);
    if (lockedUntil) throw accountLocked(lockedUntil, ctx.now);
    throw invalidCode();
  }
  if (method === 'recovery_code') await auditSecurityEvent({ action: 'user.recovery_code_used', userId: user.id }, ctx);
  return { method };
}
