import { recordAudit } from '../audit/record-audit.js';
import type { Ctx } from '../lib/context.js';

export interface SecurityEvent {
  /** `resource.action`, past tense: `user.logged_in`, `user.password_changed`. */
  action: string;
  userId: number;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Records a security event of an account (sign-ins, password and second-factor changes) in the audit log. */
export async function auditSecurityEvent(event: SecurityEvent, ctx: Ctx): Promise<void> {
  await recordAudit({ action: event.action, entityType: 'user', entityId: event.userId, before: event.before ?? null, after: event.after ?? null }, ctx);
}
