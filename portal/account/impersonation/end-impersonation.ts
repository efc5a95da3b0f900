import { recordAudit } from '../../../src/audit/record-audit.js';
import type { Ctx } from '../../../src/lib/context.js';
import type { AuditLog } from '../../../src/models/index.js';

/** Ends viewing the portal as a customer: `customer.impersonation_ended`, pointing at the start row. */
export async function endImpersonation(input: { auditId: number; customerId: number; startedAt: number; why: 'returned' | 'timed_out' }, ctx: Ctx): Promise<AuditLog> {
  const seconds = Math.max(0, Math.round((ctx.now.getTime() - input.startedAt) / 1000));
  return recordAudit(
    { action: 'customer.impersonation_ended', entityType: 'customer', entityId: input.customerId, before: null, after: { startedAuditId: input.auditId, seconds, ended: input.why } },
    ctx,
  );
}
