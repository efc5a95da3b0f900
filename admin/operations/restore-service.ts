import { Op } from 'sequelize';
import { recordAudit } from '../../src/audit/record-audit.js';
import { inTransaction } from '../../src/db/transaction.js';
import { type Ctx, withTx } from '../../src/lib/context.js';
import { NotFoundError } from '../../src/lib/errors.js';
import { Service } from '../../src/models/index.js';
import { assertStaff, requiredReason } from '../../src/support/staff-guard.js';

/** How staff name the archived service: its id or its reference (both are in the audit log's `service.deleted` row). */
export interface RestoreServiceInput {
  readonly idOrReference: string;
  readonly reason: string;
}

/**
 * Brings an archived (soft-deleted) service back into the lists, unchanged otherwise (status, panel
 * ids). Audited as `service.restored`; restoring a service that is not archived changes nothing.
 * Returns the service id and whether it changed.
 */
export async function restoreService(input: RestoreServiceInput, ctx: Ctx): Promise<{ serviceId: number; changed: boolean }> {
  assertStaff(ctx, 'restore a service');
  const reason = requiredReason(input.reason, 'restore_reason_required', 'A reason is required to restore a service');
  const key = input.idOrReference.trim();
  const byId = /^\d+$/.test(key) ? [{ id: Number(key) }] : [];
  return inTransaction(ctx, async (t) => {
    const service = await Service.findOne({ where: { [Op.or]: [...byId, { reference: key }] }, paranoid: false, transaction: t });
    if (!service) throw new NotFoundError('service_not_found', `No service with id or reference "${key}"`);
    if (!service.deletedAt) return { serviceId: service.id, changed: false };
    const archivedAt = service.deletedAt;
    await service.restore({ transaction: t });
    await recordAudit({ action: 'service.restored', entityType: 'service', entityId: service.id, before: { deletedAt: archivedAt }, after: { deletedAt: null }, reason }, withTx(ctx, t));
    return { serviceId: service.id, changed: true };
  });
}
