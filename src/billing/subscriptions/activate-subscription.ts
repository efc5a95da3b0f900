import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import type { Subscription } from '../../models/subscription.js';
import { periodEnd } from '../periods.js';
import { lockSubscription, toWholeSecond, transitionSubscription } from './lifecycle.js';

/**
 * Activates a subscription: a pending one starts its first period now (paid, or approved after
 * payment); a past-due one is active again once its overdue invoice is paid (its period is kept).
 * NOTE: the first period starts at activation, not at the order: a customer never pays for days
 * spent waiting for payment or review. The anchor day becomes the activation day, so periods run
 * Jan 31 -> Feb 28/29 -> Mar 31 for a subscription activated on Jan 31.
 */
export async function activateSubscription(subscriptionId: number, ctx: Ctx, opts: { reason?: string | null } = {}): Promise<Subscription> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(subscriptionId, t);
    if (subscription.status === 'active') return subscription;
    if (subscription.status === 'suspended') {
      throw new ConflictError('invalid_transition', `Subscription ${subscription.id} is suspended; unsuspend it instead`, { from: 'suspended', to: 'active' });
    }
    if (subscription.status !== 'pending') {
      return transitionSubscription(subscription, 'active', { event: 'subscription.activated', reason: opts.reason ?? 'Overdue invoice paid' }, ctx, t);
    }
    const start = toWholeSecond(ctx.now);
    const anchorDay = start.getUTCDate();
    return transitionSubscription(
      subscription,
      'active',
      {
        event: 'subscription.activated',
        reason: opts.reason ?? null,
        changes: { startedAt: start, currentPeriodStart: start, currentPeriodEnd: periodEnd(start, subscription.cycle, anchorDay), anchorDay },
        dedupeKey: `subscription.activated:${subscription.id}`,
      },
      ctx,
      t,
    );
  });
}
