import { Op } from 'sequelize';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Invoice } from '../../models/invoice.js';
import { Subscription } from '../../models/subscription.js';
import { activateOrderOnPayment, type OrderActivation } from '../orders/activate-order-on-payment.js';
import { activateSubscription } from './activate-subscription.js';

/** What billing did about a paid invoice. */
export interface InvoicePaidOutcome {
  readonly order: OrderActivation | null;
  /** The past-due subscription made active again, if any. */
  readonly reactivated: Subscription | null;
}

/**
 * The one call the payments side makes after an invoice becomes paid (`recordPayment` returned
 * `becamePaid`, credit paid it, a webhook settled it): an order's first invoice activates the order;
 * a renewal that was the last overdue invoice of a past-due subscription makes it active again.
 * Idempotent and safe for any invoice. Suspended subscriptions are left to dunning (unsuspendSubscription).
 */
export async function handleInvoicePaid(invoiceId: number, ctx: Ctx): Promise<InvoicePaidOutcome> {
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const invoice = await Invoice.findByPk(invoiceId, { transaction: t });
    if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
    if (invoice.status !== 'paid') return { order: null, reactivated: null };
    if (invoice.kind === 'order') return { order: await activateOrderOnPayment(invoice.id, tctx), reactivated: null };
    if (invoice.subscriptionId == null) return { order: null, reactivated: null };
    const subscription = await Subscription.findByPk(invoice.subscriptionId, { transaction: t });
    if (subscription?.status !== 'past_due') return { order: null, reactivated: null };
    const overdue = await Invoice.count({
      where: { subscriptionId: subscription.id, status: { [Op.in]: ['open', 'uncollectible'] }, dueAt: { [Op.lte]: ctx.now } },
      transaction: t,
    });
    if (overdue > 0) return { order: null, reactivated: null };
    return { order: null, reactivated: await activateSubscription(subscription.id, tctx, { reason: `Invoice ${invoice.number} paid` }) };
  });
}
