import { AuditLog } from '../models/audit-log.js';
import type { Ctx } from '../lib/context.js';
import { diffForAudit, type AuditSubject } from './diff-for-audit.js';

export { diffForAudit, isSecretKey, type AuditSubject } from './diff-for-audit.js';

export interface AuditEntry {
  /** `resource.action`, past tense: `invoice.voided`, `setting.updated`. */
  action: string;
  /** Model or table name the action is about: `invoice`, `setting`. */
  entityType: string;
  entityId: string | number | null;
  before?: AuditSubject | null;
  after?: AuditSubject | null;
  /** Why, when staff gave a reason (voids, refunds, manual credits). */
  reason?: string | null;
}

const clip = (value: string | null | undefined, max: number): string | null => (value ? value.slice(0, max) : null);

/** Appends an audit row for `ctx.actor` inside `ctx.transaction`, keeping only changed, non-secret keys. */
export async function recordAudit(entry: AuditEntry, ctx: Ctx): Promise<AuditLog> {
  const { before, after } = diffForAudit(entry.before, entry.after);
  const { actor } = ctx;
  return AuditLog.create(
    {
      actorType: actor.type,
      actorId: actor.userId,
      impersonatorId: actor.impersonatorId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      before,
      after,
      reason: clip(entry.reason, 500),
      ip: clip(actor.ip, 64),
      userAgent: clip(actor.userAgent, 255),
      requestId: clip(ctx.requestId, 64),
      createdAt: ctx.now,
    },
    { transaction: ctx.transaction },
  );
}
