import { forUpdate, inTransaction } from '../../db/transaction.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { Invoice } from '../../models/invoice.js';
import { Order } from '../../models/order.js';
import { OrderItem } from '../../models/order-item.js';
import { WaitlistEntry } from '../../models/waitlist-entry.js';
import { reserveStock } from '../catalog/reserve-stock.js';
import { emitEvent } from '../events.js';
import { activateOrder } from './activate-order.js';

/**
 * Staff approve an order waiting for review: waitlisted items take stock now (or the approval is
 * refused), and when the first invoice is already paid the order activates at once; otherwise
 * `activateOrderOnPayment` activates it when it is paid.
 */
export async function approveOrder(orderId: number, ctx: Ctx): Promise<Order> {
  return inTransaction(ctx, async (t) => {
    const order = await Order.findByPk(orderId, forUpdate(t));
    if (!order) throw new NotFoundError('order_not_found', `Order ${orderId} not found`);
    if (order.status !== 'pending_review') {
      throw new ConflictError('invalid_transition', `Order ${order.number} is ${order.status}, not awaiting review`, { from: order.status, to: 'approved' });
    }
    const waiting = await WaitlistEntry.findAll({ where: { orderId: order.id, status: ['waiting', 'notified'] }, transaction: t });
    const items = await OrderItem.findAll({ where: { orderId: order.id }, transaction: t });
    for (const entry of waiting) {
      if (!(await reserveStock(entry.planId, 1, ctx.now, t))) throw new ConflictError('out_of_stock', `Plan ${entry.planId} is still out of stock`);
      await entry.update({ status: 'fulfilled', fulfilledAt: ctx.now }, { transaction: t });
      const item = items.find((i) => i.planId === entry.planId && i.options?.stockReserved === false);
      if (item) await item.update({ options: { ...item.options, stockReserved: true } }, { transaction: t });
    }
    const before = { status: order.status };
    await order.update({ status: 'approved', reviewedBy: ctx.actor.userId, reviewedAt: ctx.now }, { transaction: t });
    const tctx = withTx(ctx, t);
    await recordAudit({ action: 'order.approved', entityType: 'order', entityId: order.id, before, after: { status: order.status, reviewedBy: ctx.actor.userId } }, tctx);
    await emitEvent('order.approved', { orderId: order.id, customerId: order.customerId }, tctx, { dedupeKey: `order.approved:${order.id}` });
    const invoice = await Invoice.findOne({ where: { orderId: order.id, kind: 'order' }, transaction: t });
    if (invoice?.status === 'paid') await activateOrder(order, ctx, t);
    return order;
  });
}
