import { recordAudit } from '../../audit/record-audit.js';
import { forUpdate, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { ProvisioningTask, Service } from '../../models/index.js';
import { requestProvisioningAction } from './request-provisioning-action.js';

/** Retries a service's failed (or waitlisted) provisioning on the same service row: its last failed task goes back to pending. */
export async function retryProvisioning(serviceId: number, ctx: Ctx): Promise<ProvisioningTask> {
  return inTransaction(ctx, async (transaction) => {
    const tctx = { ...ctx, transaction };
    const service = await Service.findByPk(serviceId, { paranoid: false, ...forUpdate(transaction) });
    if (!service) throw new NotFoundError('service_not_found', `Service ${serviceId} not found`);
    if (service.status === 'terminated') throw new ConflictError('service_terminated', `Service ${serviceId} is terminated`);
    const latest = await ProvisioningTask.findOne({ where: { serviceId }, order: [['id', 'DESC']], transaction });
    if (!latest) {
      const { task } = await requestProvisioningAction(serviceId, 'create', { reason: 'Provisioning retried', requestedBy: ctx.actor.userId }, tctx);
      return task;
    }
    if (latest.status === 'pending' || latest.status === 'running') return latest;
    const retryable = latest.status === 'failed' || (latest.status === 'cancelled' && latest.action === 'create');
    if (!retryable) throw new ConflictError('provisioning_nothing_to_retry', `Service ${serviceId} has no failed provisioning task`);

    const before = { taskStatus: latest.status, attempts: latest.attempts, serviceStatus: service.status, lastError: latest.lastError };
    await latest.update(
      {
        status: 'pending',
        attempts: 0,
        nextAttemptAt: ctx.now,
        claimedBy: null,
        claimedUntil: null,
        finishedAt: null,
        // NOTE: the round number keeps the next failure's staff alert distinct from the first one.
        payload: { ...(latest.payload ?? {}), retries: Number(latest.payload?.retries ?? 0) + 1 },
      },
      { transaction },
    );
    if (latest.action === 'create' && ['waitlisted', 'failed', 'provisioning'].includes(service.status)) {
      await service.update({ status: 'pending', nextAttemptAt: ctx.now }, { transaction });
    }
    await recordAudit(
      {
        action: 'service.provisioning_retried',
        entityType: 'service',
        entityId: service.id,
        before,
        after: { taskStatus: 'pending', attempts: 0, serviceStatus: service.status, taskId: latest.id, action: latest.action },
      },
      tctx,
    );
    return latest;
  });
}
