import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import type { Invoice } from '../../models/invoice.js';
import type { InvoiceLine } from '../../models/invoice-line.js';
import type { Subscription } from '../../models/subscription.js';
import { periodEnd } from '../periods.js';
import { recordSubscriptionChange } from './lifecycle.js';
import { repriceItems } from './reprice-items.js';
import { requestPlanChangeTask } from './request-plan-change-task.js';

/**
 * Applies a scheduled downgrade or cycle change as the subscription enters the period its renewal
 * invoice billed; the new locked price is the one that invoice charged.
 * NOTE: a change scheduled after that invoice was issued (inside the renewal lead time) was not in it,
 * so it waits one more period: the customer gets what they paid for.
 */
export async function applyScheduledChange(subscription: Subscription, renewal: Invoice, planLine: InvoiceLine | null, ctx: Ctx, t: Transaction): Promise<boolean> {
  if (subscription.scheduledPlanId == null && subscription.scheduledCycle == null) return false;
  const planId = subscription.scheduledPlanId ?? subscription.planId;
  const cycle = subscription.scheduledCycle ?? subscription.cycle;
  const start = subscription.currentPeriodEnd as Date;
  const billedFor = renewal.periodEnd?.getTime() === periodEnd(start, cycle, subscription.anchorDay).getTime();
  if (!planLine || planLine.planId !== planId || !billedFor) return false;
  const from = { planId: subscription.planId, cycle: subscription.cycle, priceMinor: subscription.priceMinor };
  if (cycle !== subscription.cycle) await repriceItems(subscription.id, cycle, subscription.currency, t);
  await recordSubscriptionChange(
    subscription,
    {
      event: 'subscription.plan_changed',
      changes: { planId, cycle, priceMinor: Number(planLine.unitAmountMinor), scheduledPlanId: null, scheduledCycle: null },
      payload: { from, to: { planId, cycle, priceMinor: Number(planLine.unitAmountMinor) }, timing: 'period_end', invoiceId: renewal.id },
      dedupeKey: `subscription.plan_changed:${subscription.id}:${start.toISOString()}`,
    },
    ctx,
    t,
  );
  await requestPlanChangeTask(subscription, `renewal:${renewal.id}`, ctx, t);
  return true;
}
