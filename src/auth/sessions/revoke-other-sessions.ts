import type { Ctx } from '../../lib/context.js';
import { auditSecurityEvent } from '../audit.js';
import { revokeUserSessions } from './revoke-user-sessions.js';

/** "Sign out everywhere else": ends every session of the user except the current one. */
export async function revokeOtherSessions(input: { userId: number; currentSid: string }, ctx: Ctx): Promise<{ revoked: number }> {
  const revoked = await revokeUserSessions({ userId: input.userId, exceptSid: input.currentSid }, ctx);
  await auditSecurityEvent({ action: 'session.others_revoked', userId: input.userId, after: { revoked } }, ctx);
  return { revoked };
}
