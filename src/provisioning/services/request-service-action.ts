import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { requestProvisioningAction, type ProvisioningActionOutcome, type TaskAction } from '../orchestration/request-provisioning-action.js';
import { loadServiceFor } from './service-access.js';

export interface ServiceActionInput {
  reason?: string | null;
  /** The business cause (invoice id for dunning, ticket id ...): the same cause twice is one task. */
  causeId?: string | number | null;
}

/** Shared by suspend/unsuspend/terminate: queues the task for staff, billing or the API (never a customer) and audits it. */
export async function requestServiceAction(serviceId: number, action: Exclude<TaskAction, 'create'>, input: ServiceActionInput, ctx: Ctx): Promise<ProvisioningActionOutcome> {
  return inTransaction(ctx, async (transaction) => {
    const tctx = { ...ctx, transaction };
    const { service } = await loadServiceFor(serviceId, tctx, { customers: false });
    const outcome = await requestProvisioningAction(
      service.id,
      action,
      { reason: input.reason ?? null, causeId: input.causeId ?? null, requestedBy: ctx.actor.userId },
      tctx,
    );
    if (outcome.created) {
      await recordAudit(
        {
          action: `service.${action}_requested`,
          entityType: 'service',
          entityId: service.id,
          before: { status: service.status },
          after: { taskId: outcome.task.id, action },
          reason: input.reason ?? null,
        },
        tctx,
      );
    }
    return outcome;
  });
}
