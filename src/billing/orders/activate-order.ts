import type { Transaction } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import type { Order } from '../../models/order.js';
import { OrderItem } from '../../models/order-item.js';
import { SubscriptionAddon } from '../../models/subscription-addon.js';
import type { Subscription } from '../../models/subscription.js';
import { provisionSubscription } from '../../provisioning/orchestration/provision-subscription.js';
import { emitEvent } from '../events.js';
import { activateSubscription } from '../subscriptions/activate-subscription.js';

/**
 * Completes a paid (and, if needed, approved) order in `t`: its subscriptions start their first
 * period now, their add-ons go live, each gets its service and a create task; the order is completed.
 */
export async function activateOrder(order: Order, ctx: Ctx, t: Transaction): Promise<Subscription[]> {
  const tctx = withTx(ctx, t);
  const items = await OrderItem.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: t });
  const activated: Subscription[] = [];
  for (const item of items) {
    if (item.subscriptionId == null) continue;
    const subscription = await activateSubscription(item.subscriptionId, tctx, { reason: `Order ${order.number} paid` });
    if (subscription.status !== 'active') continue;
    await SubscriptionAddon.update(
      { status: 'active', startedAt: subscription.currentPeriodStart },
      { where: { subscriptionId: subscription.id, status: 'pending' }, transaction: t },
    );
    await provisionSubscription(subscription, { reason: `Order ${order.number} paid`, requestedBy: null }, tctx);
    activated.push(subscription);
  }
  const before = { status: order.status };
  await order.update({ status: 'completed', completedAt: ctx.now }, { transaction: t });
  await recordAudit({ action: 'order.completed', entityType: 'order', entityId: order.id, before, after: { status: order.status } }, tctx);
  await emitEvent('order.completed', { orderId: order.id, customerId: order.customerId, subscriptionIds: activated.map((s) => s.id) }, tctx, { dedupeKey: `order.completed:${order.id}` });
  return activated;
}
