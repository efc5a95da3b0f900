import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import type { Subscription } from '../../models/subscription.js';
import { lockSubscription, transitionSubscription } from './lifecycle.js';

/** Marks an active subscription past due because `invoiceId` is overdue (dunning calls it); already past due is a no-op. */
export async function markPastDue(input: { subscriptionId: number; invoiceId?: number | null; reason?: string | null }, ctx: Ctx): Promise<Subscription> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    if (subscription.status === 'past_due') return subscription;
    return transitionSubscription(
      subscription,
      'past_due',
      { event: 'subscription.past_due', reason: input.reason ?? 'Invoice overdue', payload: { invoiceId: input.invoiceId ?? null } },
      ctx,
      t,
    );
  });
}
