import type { Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { Passkey, User } from '../models/index.js';
import { countUnusedRecoveryCodes } from './recovery-codes.js';
import { listUserSessions, type ActiveSession } from './sessions/list-user-sessions.js';

export interface SecurityOverview {
  email: string;
  emailVerified: boolean;
  totpEnabled: boolean;
  recoveryCodesLeft: number;
  passwordlessEnabled: boolean;
  passkeys: Array<{ id: number; name: string; deviceType: string | null; backedUp: boolean; createdAt: Date; lastUsedAt: Date | null }>;
  sessions: ActiveSession[];
}

/** Everything the security page shows about an account. */
export async function getSecurityOverview(input: { userId: number; currentSid?: string | null }, ctx: Ctx): Promise<SecurityOverview> {
  const user = await User.findByPk(input.userId, { transaction: ctx.transaction });
  if (!user) throw new NotFoundError('user_not_found');
  const passkeys = await Passkey.findAll({ where: { userId: user.id }, order: [['createdAt', 'ASC']], transaction: ctx.transaction });
  return {
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    totpEnabled: Boolean(user.totpEnabledAt),
    recoveryCodesLeft: user.totpEnabledAt ? await countUnusedRecoveryCodes(user.id, ctx.transaction) : 0,
    passwordlessEnabled: user.passwordlessEnabled,
    passkeys: passkeys.map((p, i) => ({
      id: p.id,
      name: p.name ?? `Passkey ${i + 1}`,
      deviceType: p.deviceType ?? null,
      backedUp: p.backedUp,
      createdAt: p.createdAt,
      lastUsedAt: p.lastUsedAt ?? null,
    })),
    sessions: await listUserSessions(input, ctx),
  };
}
