import type { Ctx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { SessionRecord } from '../../models/index.js';
import { auditSecurityEvent } from '../audit.js';
import { sessionHandle } from './list-user-sessions.js';

/** Signs one of the user's other sessions out (deletes its row); the current one signs out with "Log out". */
export async function revokeSession(input: { userId: number; handle: string; currentSid?: string | null }, ctx: Ctx): Promise<void> {
  const rows = await SessionRecord.findAll({ where: { userId: input.userId }, attributes: ['sid', 'ip'], transaction: ctx.transaction });
  const row = rows.find((r) => sessionHandle(r.sid) === input.handle);
  if (!row) throw new NotFoundError('session_not_found', 'That session has already ended.');
  if (row.sid === input.currentSid) throw new ValidationError('session_current', 'To end this session, log out.');
  await SessionRecord.destroy({ where: { sid: row.sid, userId: input.userId }, transaction: ctx.transaction });
  await auditSecurityEvent({ action: 'session.revoked', userId: input.userId, before: { ip: row.ip } }, ctx);
}
