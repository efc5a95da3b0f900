import { Op } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { sha256 } from '../../lib/crypto.js';
import { SessionRecord } from '../../models/index.js';
import { userAgentFamily } from '../device-fingerprint.js';

export interface ActiveSession {
  /** Opaque handle for revoking; the session id itself never leaves the server. */
  handle: string;
  device: string;
  ip: string | null;
  lastActiveAt: Date;
  signedInAt: Date;
  current: boolean;
}

/** The opaque handle of a session id, as used in revoke forms. */
export function sessionHandle(sid: string): string {
  return sha256(`session:${sid}`).slice(0, 32);
}

/** A user's unexpired portal sessions, most recently active first. */
export async function listUserSessions(input: { userId: number; currentSid?: string | null }, ctx: Ctx): Promise<ActiveSession[]> {
  const rows = await SessionRecord.findAll({
    where: { userId: input.userId, expiresAt: { [Op.gt]: ctx.now }, surface: { [Op.or]: [null, 'portal'] } },
    attributes: ['sid', 'ip', 'userAgent', 'createdAt', 'updatedAt'],
    order: [['updatedAt', 'DESC']],
    transaction: ctx.transaction,
  });
  return rows.map((r) => ({
    handle: sessionHandle(r.sid),
    device: userAgentFamily(r.userAgent),
    ip: r.ip ?? null,
    lastActiveAt: r.updatedAt,
    signedInAt: r.createdAt,
    current: r.sid === input.currentSid,
  }));
}
