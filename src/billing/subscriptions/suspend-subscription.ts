import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import type { Subscription } from '../../models/subscription.js';
import { unpaidInvoiceCause } from '../../provisioning/orchestration/notify-customer.js';
import { lockSubscription, requestServiceActions, transitionSubscription } from './lifecycle.js';

/** Input of `suspendSubscription`; `invoiceId` is the overdue invoice when dunning suspends. */
export interface SuspendInput {
  readonly subscriptionId: number;
  readonly reason: string;
  readonly invoiceId?: number | null;
}

/**
 * Suspends a subscription and queues a suspend task for each of its services.
 * NOTE: the system (dunning) may not suspend a subscription staff marked exempt or whose due date
 * they extended; staff themselves may.
 */
export async function suspendSubscription(input: SuspendInput, ctx: Ctx): Promise<Subscription> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    if (subscription.status === 'suspended') return subscription;
    if (ctx.actor.type === 'system') {
      if (subscription.suspensionExempt) throw new ConflictError('suspension_exempt', `Subscription ${subscription.id} is exempt from suspension`);
      if (subscription.dueExtensionUntil && subscription.dueExtensionUntil.getTime() > ctx.now.getTime()) {
        throw new ConflictError('due_date_extended', `Subscription ${subscription.id} has an extension until ${subscription.dueExtensionUntil.toISOString()}`);
      }
    }
    await transitionSubscription(
      subscription,
      'suspended',
      { event: 'subscription.suspended', reason: input.reason, changes: { suspendedAt: ctx.now, suspensionReason: input.reason.slice(0, 255) }, payload: { invoiceId: input.invoiceId ?? null } },
      ctx,
      t,
    );
    await requestServiceActions(subscription, 'suspend', { reason: input.reason, causeId: input.invoiceId ?? null, payload: unpaidInvoiceCause(input.invoiceId) }, ctx, t);
    return subscription;
  });
}
