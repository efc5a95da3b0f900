import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import type { ProvisioningTask, Service, Subscription } from '../../models/index.js';
import { ensureServiceForSubscription } from './ensure-service-for-subscription.js';
import { requestProvisioningAction } from './request-provisioning-action.js';

/** What billing calls when a subscription is paid for: its service (once) and the create task (once), in the caller's transaction. */
export async function provisionSubscription(
  subscription: Subscription,
  input: { reason?: string | null; requestedBy?: number | null },
  ctx: Ctx,
): Promise<{ service: Service; task: ProvisioningTask; created: boolean }> {
  return inTransaction(ctx, async (transaction) => {
    const tctx = { ...ctx, transaction };
    const service = await ensureServiceForSubscription(subscription, tctx);
    const { task, created } = await requestProvisioningAction(service.id, 'create', { reason: input.reason ?? 'Order paid', requestedBy: input.requestedBy ?? null }, tctx);
    return { service, task, created };
  });
}
