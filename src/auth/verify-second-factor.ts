import { Op } from 'sequelize';
import type { Ctx } from '../lib/context.js';
import { RecoveryCode, User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { accountLocked, invalidCode } from './errors.js';
import { recordFailedSignIn } from './record-failed-sign-in.js';
import { assertMayUsePortal, assertNotLocked, findUserForSignIn, isBackOfficeUser } from './sign-in-rules.js';
import { hashRecoveryCode, storedTotpStep } from './totp.js';

export type SecondFactorMethod = 'totp' | 'recovery_code';

/**
 * Second step of a sign-in: a 6-digit TOTP code, or a recovery code (spent on use).
 * Wrong codes count towards the same lock as wrong passwords. `surface` says who may pass: customers
 * allowed in the portal (the default), or staff allowed in the back office (anyone else is refused
 * before the code is looked at).
 */
export async function verifySecondFactor(
  input: { userId: number; code: string; surface?: 'portal' | 'back_office' },
  ctx: Ctx,
): Promise<{ method: SecondFactorMethod }> {
  const staff = input.surface === 'back_office';
  const user = await findUserForSignIn({ id: input.userId });
  if (!user || !user.totpEnabledAt || (staff && !isBackOfficeUser(user))) throw invalidCode();
  assertNotLocked(user, ctx.now);
  const code = input.code.replace(/\s+/g, '');
  let method: SecondFactorMethod | null = null;
  if (/^\d{6}$/.test(code)) {
    const step = storedTotpStep(user.totpSecretEnc, code, ctx.now);
    if (step !== null) {
      // NOTE: claiming the step and every step before it makes each code work once, even when two
      // sign-ins present it at the same moment.
      const [claimed] = await User.unscoped().update(
        { totpLastStep: step },
        { where: { id: user.id, [Op.or]: [{ totpLastStep: null }, { totpLastStep: { [Op.lt]: step } }] }, transaction: ctx.transaction },
      );
      if (claimed === 1) method = 'totp';
    }
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
  if (!staff) assertMayUsePortal(user);
  return { method };
}
