import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import type { Subscription } from '../../models/subscription.js';
import { lockSubscription, recordSubscriptionChange } from './lifecycle.js';

/** Keeps a subscription whose cancellation at period end was scheduled: it renews again as before. */
export async function undoScheduledCancellation(input: { subscriptionId: number }, ctx: Ctx): Promise<Subscription> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    if (!subscription.cancelAtPeriodEnd || ['cancelled', 'terminated'].includes(subscription.status)) {
      throw new ConflictError('invalid_transition', `Subscription ${subscription.id} has no scheduled cancellation`, { from: subscription.status });
    }
    return recordSubscriptionChange(
      subscription,
      { event: 'subscription.cancellation_undone', changes: { cancelAtPeriodEnd: false, cancelledAt: null, cancellationReason: null, cancellationFeedback: null } },
      ctx,
      t,
    );
  });
}
