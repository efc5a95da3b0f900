import { forUpdate, inTransaction } from '../../db/transaction.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Invoice } from '../../models/invoice.js';
import { Order } from '../../models/order.js';
import { OrderItem } from '../../models/order-item.js';
import { WaitlistEntry } from '../../models/waitlist-entry.js';
import { releaseStock } from '../catalog/reserve-stock.js';
import { emitEvent } from '../events.js';
import { voidInvoice } from '../invoices/void-invoice.js';
import { lockSubscription, transitionSubscription } from '../subscriptions/lifecycle.js';

const REJECTABLE = ['pending', 'pending_review', 'approved'];

/**
 * Staff reject an order that has not been fulfilled: its unpaid first invoice is voided (a paid one
 * stays for the payments side to refund), its pending subscriptions are cancelled, stock it took is
 * given back and its waitlist entries are cancelled.
 */
export async function rejectOrder(orderId: number, reason: string, ctx: Ctx): Promise<Order> {
  if (!reason?.trim()) throw new ValidationError('rejection_reason_required', 'A reason is required to reject an order');
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const order = await Order.findByPk(orderId, forUpdate(t));
    if (!order) throw new NotFoundError('order_not_found', `Order ${orderId} not found`);
    if (!REJECTABLE.includes(order.status)) {
      throw new ConflictError('invalid_transition', `Order ${order.number} is ${order.status} and cannot be rejected`, { from: order.status, to: 'rejected' });
    }
    const invoice = await Invoice.findOne({ where: { orderId: order.id, kind: 'order' }, transaction: t });
    if (invoice && ['open', 'uncollectible'].includes(invoice.status)) await voidInvoice(invoice.id, `Order ${order.number} rejected: ${reason}`, tctx);
    const items = await OrderItem.findAll({ where: { orderId: order.id }, transaction: t });
    for (const item of items) {
      if (item.options?.stockReserved === true) await releaseStock(item.planId, item.quantity, ctx.now, t);
      if (item.subscriptionId == null) continue;
      const subscription = await lockSubscription(item.subscriptionId, t);
      if (subscription.status === 'pending') {
        await transitionSubscription(subscription, 'cancelled', { event: 'subscription.cancelled', reason: `Order rejected: ${reason}`, changes: { cancelledAt: ctx.now, cancellationReason: 'Order rejected' } }, ctx, t);
      }
    }
    await WaitlistEntry.update({ status: 'cancelled', cancelledAt: ctx.now }, { where: { orderId: order.id, status: ['waiting', 'notified'] }, transaction: t });
    const before = { status: order.status };
    await order.update({ status: 'rejected', rejectionReason: reason.slice(0, 255), reviewedBy: ctx.actor.userId, reviewedAt: ctx.now, cancelledAt: ctx.now }, { transaction: t });
    await recordAudit({ action: 'order.rejected', entityType: 'order', entityId: order.id, before, after: { status: order.status }, reason }, tctx);
    await emitEvent('order.rejected', { orderId: order.id, customerId: order.customerId, reason, invoicePaid: invoice?.status === 'paid' }, tctx, { dedupeKey: `order.rejected:${order.id}` });
    return order;
  });
}
