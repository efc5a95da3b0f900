import { Op, type WhereOptions } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { SessionRecord } from '../../models/index.js';

/** Signs a user out everywhere (deletes their session rows), optionally keeping the current session. */
export async function revokeUserSessions(input: { userId: number; exceptSid?: string | null }, ctx: Ctx): Promise<number> {
  const where: WhereOptions<SessionRecord> = input.exceptSid
    ? { userId: input.userId, sid: { [Op.ne]: input.exceptSid } }
    : { userId: input.userId };
  return SessionRecord.destroy({ where, transaction: ctx.transaction });
}
