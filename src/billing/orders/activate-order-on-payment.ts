import { forUpdate, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Invoice } from '../../models/invoice.js';
import { Order } from '../../models/order.js';
import type { Subscription } from '../../models/subscription.js';
import { activateOrder } from './activate-order.js';

/** What activation did: activated now, waits for staff review, was done before, or does not apply. */
export type OrderActivationStatus = 'activated' | 'awaiting_review' | 'already_completed' | 'not_paid' | 'not_an_order' | 'closed';

/** The outcome of `activateOrderOnPayment`. */
export interface OrderActivation {
  readonly status: OrderActivationStatus;
  readonly order: Order | null;
  readonly subscriptions: Subscription[];
}

/**
 * Called when an order's first invoice becomes paid (after `recordPayment` reports `becamePaid`, in
 * the same transaction or after it): the order's subscriptions start now and their services are
 * created, unless the order waits for review (then `approveOrder` activates it). Safe to call for any
 * invoice and any number of times: a non-order invoice, an unpaid one or a completed order is a no-op.
 */
export async function activateOrderOnPayment(invoiceId: number, ctx: Ctx): Promise<OrderActivation> {
  return inTransaction(ctx, async (t) => {
    const invoice = await Invoice.findByPk(invoiceId, { transaction: t });
    if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
    if (invoice.kind !== 'order' || invoice.orderId == null) return { status: 'not_an_order', order: null, subscriptions: [] };
    // NOTE: the order row lock makes a webhook and a staff action paying at once activate it once.
    const order = await Order.findByPk(invoice.orderId, forUpdate(t));
    if (!order) throw new NotFoundError('order_not_found', `Order ${invoice.orderId} not found`);
    if (invoice.status !== 'paid') return { status: 'not_paid', order, subscriptions: [] };
    switch (order.status) {
      case 'completed':
        return { status: 'already_completed', order, subscriptions: [] };
      case 'pending_review':
        return { status: 'awaiting_review', order, subscriptions: [] };
      case 'pending':
      case 'approved':
        return { status: 'activated', order, subscriptions: await activateOrder(order, ctx, t) };
      default:
        return { status: 'closed', order, subscriptions: [] };
    }
  });
}
