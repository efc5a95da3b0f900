import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import type { Subscription } from '../../models/subscription.js';
import { unpaidInvoiceCause } from '../../provisioning/orchestration/notify-customer.js';
import { lockSubscription, requestServiceActions, transitionSubscription } from './lifecycle.js';

/** Terminates a subscription for good (staff, or dunning after long non-payment: `invoiceId` is the unpaid invoice) and queues terminate tasks. */
export async function terminateSubscription(input: { subscriptionId: number; reason: string; invoiceId?: number | null }, ctx: Ctx): Promise<Subscription> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    if (subscription.status === 'terminated') return subscription;
    await transitionSubscription(
      subscription,
      'terminated',
      { event: 'subscription.terminated', reason: input.reason, changes: { terminatedAt: ctx.now, cancelAtPeriodEnd: false, scheduledPlanId: null, scheduledCycle: null } },
      ctx,
      t,
    );
    await requestServiceActions(subscription, 'terminate', { reason: input.reason, payload: unpaidInvoiceCause(input.invoiceId) }, ctx, t);
    return subscription;
  });
}
