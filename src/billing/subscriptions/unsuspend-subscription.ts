import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import type { Subscription } from '../../models/subscription.js';
import { lockSubscription, requestServiceActions, transitionSubscription } from './lifecycle.js';

/** Lifts a suspension (payment received, or staff decided): active again, an unsuspend task for each service. */
export async function unsuspendSubscription(input: { subscriptionId: number; reason?: string | null; causeId?: string | number | null }, ctx: Ctx): Promise<Subscription> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    if (subscription.status === 'active') return subscription;
    const reason = input.reason ?? 'Suspension lifted';
    await transitionSubscription(
      subscription,
      'active',
      { event: 'subscription.unsuspended', reason, changes: { suspendedAt: null, suspensionReason: null } },
      ctx,
      t,
    );
    await requestServiceActions(subscription, 'unsuspend', { reason, causeId: input.causeId ?? null }, ctx, t);
    return subscription;
  });
}
