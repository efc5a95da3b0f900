import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { SubscriptionAddon } from '../../models/subscription-addon.js';
import type { Subscription } from '../../models/subscription.js';
import { voidFutureInvoices } from '../subscriptions/cancel-subscription.js';
import { applyScheduledChange } from '../subscriptions/apply-scheduled-change.js';
import { lockSubscription, recordSubscriptionChange, requestServiceActions, transitionSubscription } from '../subscriptions/lifecycle.js';
import { renewalKey } from './renewal-subject.js';

/** What rolling one subscription did. */
export type RollOutcome = 'rolled' | 'cancelled' | 'awaiting_invoice' | 'not_due';

async function cancelAtEnd(subscription: Subscription, ctx: Ctx, t: Transaction): Promise<RollOutcome> {
  const end = subscription.currentPeriodEnd as Date;
  const reason = subscription.cancellationReason ?? 'Cancelled at period end';
  await transitionSubscription(
    subscription,
    'cancelled',
    { event: 'subscription.cancelled', reason, changes: { cancelAtPeriodEnd: false, cancelledAt: subscription.cancelledAt ?? ctx.now }, dedupeKey: `subscription.cancelled:${subscription.id}` },
    ctx,
    t,
  );
  await SubscriptionAddon.update({ status: 'cancelled', cancelledAt: end }, { where: { subscriptionId: subscription.id, status: ['active', 'pending'] }, transaction: t });
  await voidFutureInvoices(subscription, end, `Subscription cancelled: ${reason}`, ctx, t);
  await requestServiceActions(subscription, 'terminate', { reason: `Cancelled at period end: ${reason}` }, ctx, t);
  return 'cancelled';
}

/**
 * Moves a subscription whose period has ended into its next period, the one its renewal invoice
 * bills: a scheduled downgrade or cycle change takes effect, a coupon uses up one period, add-ons
 * cancelled at period end go; a subscription cancelling at period end is cancelled instead and its
 * services terminated. Without its renewal invoice the period does not roll (the job issues it first).
 */
export async function rollSubscription(subscriptionId: number, ctx: Ctx): Promise<RollOutcome> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(subscriptionId, t);
    const end = subscription.currentPeriodEnd;
    if (!['active', 'past_due'].includes(subscription.status) || !end || end.getTime() > ctx.now.getTime()) return 'not_due';
    if (subscription.cancelAtPeriodEnd) return cancelAtEnd(subscription, ctx, t);
    const renewal = await Invoice.findOne({ where: { idempotencyKey: renewalKey(subscription.id, end) }, transaction: t });
    if (!renewal) return 'awaiting_invoice';
    const planLine = await InvoiceLine.findOne({ where: { invoiceId: renewal.id, kind: 'plan' }, order: [['position', 'ASC']], transaction: t });
    const changed = await applyScheduledChange(subscription, renewal, planLine, ctx, t);
    const remaining = subscription.couponPeriodsRemaining;
    const usedCoupon = subscription.couponId != null && remaining != null && remaining > 0;
    await SubscriptionAddon.update({ status: 'cancelled', cancelledAt: end }, { where: { subscriptionId: subscription.id, status: 'active', cancelAtPeriodEnd: true }, transaction: t });
    await recordSubscriptionChange(
      subscription,
      {
        event: 'subscription.renewed',
        changes: {
          currentPeriodStart: end,
          currentPeriodEnd: renewal.periodEnd ?? end,
          ...(usedCoupon ? { couponPeriodsRemaining: (remaining as number) - 1 } : {}),
        },
        payload: { invoiceId: renewal.id, periodStart: end.toISOString(), periodEnd: renewal.periodEnd?.toISOString() ?? null, planChanged: changed },
        dedupeKey: `subscription.renewed:${subscription.id}:${end.toISOString()}`,
      },
      ctx,
      t,
    );
    return 'rolled';
  });
}
