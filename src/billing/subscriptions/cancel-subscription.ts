import { Op } from 'sequelize';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { Invoice } from '../../models/invoice.js';
import type { Subscription } from '../../models/subscription.js';
import { voidInvoice } from '../invoices/void-invoice.js';
import { lockSubscription, recordSubscriptionChange, requestServiceActions, transitionSubscription } from './lifecycle.js';

/** Input of `cancelSubscription`. */
export interface CancelSubscriptionInput {
  readonly subscriptionId: number;
  readonly mode: 'immediately' | 'period_end';
  readonly reason: string;
  readonly feedback?: string | null;
}

/**
 * Cancels a subscription now (services terminated, unpaid invoices for periods not yet started voided)
 * or at the end of its period (it renews no more; `rollSubscriptionPeriods` cancels it then).
 */
export async function cancelSubscription(input: CancelSubscriptionInput, ctx: Ctx): Promise<Subscription> {
  if (!input.reason?.trim()) throw new ValidationError('cancellation_reason_required', 'A reason is required to cancel');
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    const reason = input.reason.trim().slice(0, 255);
    const feedback = input.feedback?.trim() || null;
    if (input.mode === 'period_end') {
      if (!['active', 'past_due', 'suspended'].includes(subscription.status)) {
        throw new ConflictError('invalid_transition', `Subscription ${subscription.id} is ${subscription.status}; it has no period to end`, { from: subscription.status, to: 'cancelled' });
      }
      if (subscription.cancelAtPeriodEnd) return subscription;
      return recordSubscriptionChange(
        subscription,
        {
          event: 'subscription.cancellation_scheduled',
          reason,
          changes: { cancelAtPeriodEnd: true, cancelledAt: ctx.now, cancellationReason: reason, cancellationFeedback: feedback, scheduledPlanId: null, scheduledCycle: null },
          payload: { cancelAt: subscription.currentPeriodEnd?.toISOString() ?? null },
        },
        ctx,
        t,
      );
    }
    await transitionSubscription(
      subscription,
      'cancelled',
      {
        event: 'subscription.cancelled',
        reason,
        changes: { cancelledAt: ctx.now, cancellationReason: reason, cancellationFeedback: feedback, cancelAtPeriodEnd: false, scheduledPlanId: null, scheduledCycle: null },
      },
      ctx,
      t,
    );
    await voidFutureInvoices(subscription, ctx.now, `Subscription cancelled: ${reason}`, ctx, t);
    await requestServiceActions(subscription, 'terminate', { reason: `Cancelled: ${reason}` }, ctx, t);
    return subscription;
  });
}

/** Voids the subscription's unpaid renewal invoices for periods starting at `from` or later (nothing is owed for them). */
export async function voidFutureInvoices(subscription: Subscription, from: Date, reason: string, ctx: Ctx, t: Parameters<typeof withTx>[1]): Promise<number> {
  const open = await Invoice.findAll({
    where: { subscriptionId: subscription.id, kind: 'renewal', status: { [Op.in]: ['open', 'uncollectible'] }, periodStart: { [Op.gte]: from } },
    transaction: t,
  });
  for (const invoice of open) await voidInvoice(invoice.id, reason, withTx(ctx, t));
  return open.length;
}
