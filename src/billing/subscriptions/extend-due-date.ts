import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { Subscription } from '../../models/subscription.js';
import { lockSubscription, recordSubscriptionChange } from './lifecycle.js';

/** Staff give a customer more time: no suspension for non-payment before `until` (dunning reads it). */
export async function extendDueDate(input: { subscriptionId: number; until: Date; reason: string }, ctx: Ctx): Promise<Subscription> {
  if (!input.reason?.trim()) throw new ValidationError('extension_reason_required', 'A reason is required to extend a due date');
  if (!(input.until instanceof Date) || input.until.getTime() <= ctx.now.getTime()) {
    throw new ValidationError('extension_in_past', 'The extension must end in the future');
  }
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    if (['cancelled', 'terminated'].includes(subscription.status)) {
      throw new ConflictError('invalid_transition', `Subscription ${subscription.id} is ${subscription.status}`, { from: subscription.status });
    }
    return recordSubscriptionChange(
      subscription,
      { event: 'subscription.due_date_extended', reason: input.reason.trim(), changes: { dueExtensionUntil: input.until }, payload: { until: input.until.toISOString() } },
      ctx,
      t,
    );
  });
}
