import type { Transaction } from 'sequelize';
import { type Ctx, withTx } from '../../lib/context.js';
import { Service } from '../../models/service.js';
import type { Subscription } from '../../models/subscription.js';
import { TASK_ACTIONS, type TaskAction, requestProvisioningAction } from '../../provisioning/orchestration/request-provisioning-action.js';

/**
 * Queues a change_plan task for the subscription's live services when the orchestrator carries that
 * action; until it does, the `subscription.plan_changed` event is what tells the provisioning side.
 */
export async function requestPlanChangeTask(subscription: Subscription, cause: string, ctx: Ctx, t: Transaction): Promise<number[]> {
  const action = 'change_plan';
  if (!(TASK_ACTIONS as readonly string[]).includes(action)) return [];
  const services = await Service.findAll({ where: { subscriptionId: subscription.id }, transaction: t });
  const ids: number[] = [];
  for (const service of services) {
    if (service.status === 'terminated') continue;
    const { task } = await requestProvisioningAction(
      service.id,
      action as TaskAction,
      { reason: `Plan changed to plan ${subscription.planId}`, requestedBy: ctx.actor.userId, causeId: cause, payload: { planId: subscription.planId, cycle: subscription.cycle } },
      withTx(ctx, t),
    );
    ids.push(task.id);
  }
  return ids;
}
