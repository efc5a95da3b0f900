import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { Invoice } from '../../models/invoice.js';
import { SubscriptionAddon } from '../../models/subscription-addon.js';
import { SubscriptionOption } from '../../models/subscription-option.js';
import type { Subscription } from '../../models/subscription.js';
import type { Configuration } from '../catalog/configuration.js';
import { grantCredit } from '../credit/grant-credit.js';
import { createInvoice } from '../invoices/create-invoice.js';
import { lockSubscription, recordSubscriptionChange, toWholeSecond } from './lifecycle.js';
import { type PlanChangeInput, type PlanChangePreview, previewPlanChange } from './preview-plan-change.js';
import { requestPlanChangeTask } from './request-plan-change-task.js';

/** What a plan change did. */
export interface PlanChangeResult {
  readonly subscription: Subscription;
  readonly preview: PlanChangePreview;
  readonly invoice: Invoice | null;
  readonly creditGrantedMinor: number;
}

/** Writes the new configuration's options and add-ons: changed rows updated, new ones added, dropped ones removed. */
async function writeItems(subscription: Subscription, next: Configuration, at: Date, t: Transaction): Promise<void> {
  const options = await SubscriptionOption.findAll({ where: { subscriptionId: subscription.id }, transaction: t });
  for (const row of options) if (!next.options.some((o) => o.optionId === row.optionId)) await row.destroy({ transaction: t });
  for (const o of next.options) {
    const row = options.find((r) => r.optionId === o.optionId);
    const values = { quantity: o.quantity, choice: o.choice, unitPriceMinor: o.unitPriceMinor };
    if (row) await row.update(values, { transaction: t });
    else await SubscriptionOption.create({ subscriptionId: subscription.id, optionId: o.optionId, ...values }, { transaction: t });
  }
  // NOTE: one row per subscription and add-on: one taken off earlier is the row an add-on taken again goes live on.
  const addons = await SubscriptionAddon.findAll({ where: { subscriptionId: subscription.id }, transaction: t });
  for (const row of addons) {
    const kept = next.addons.find((a) => a.addonId === row.addonId);
    if (kept) {
      const values = row.status === 'active' ? { priceMinor: kept.priceMinor } : { priceMinor: kept.priceMinor, quantity: kept.quantity, status: 'active' as const, startedAt: at, cancelledAt: null, cancelAtPeriodEnd: false };
      await row.update(values, { transaction: t });
    } else if (row.status === 'active') {
      await row.update({ status: 'cancelled', cancelledAt: at }, { transaction: t });
    }
  }
  for (const a of next.addons) {
    if (addons.some((row) => row.addonId === a.addonId)) continue;
    await SubscriptionAddon.create({ subscriptionId: subscription.id, addonId: a.addonId, quantity: a.quantity, priceMinor: a.priceMinor, status: 'active', startedAt: at }, { transaction: t });
  }
}

async function applyNow(subscription: Subscription, preview: PlanChangePreview, ctx: Ctx, t: Transaction): Promise<PlanChangeResult> {
  const tctx = withTx(ctx, t);
  const key = `plan_change:${subscription.id}:${toWholeSecond(ctx.now).toISOString()}`;
  let invoice: Invoice | null = null;
  let creditGrantedMinor = 0;
  if (preview.outcome === 'invoice') {
    ({ invoice } = await createInvoice({ customerId: subscription.customerId, kind: 'proration', lines: preview.lines, currency: subscription.currency, subscriptionId: subscription.id, idempotencyKey: key, issue: true }, tctx));
  } else if (preview.outcome === 'credit') {
    // NOTE: a change that leaves money owed to the customer becomes account credit (tax included, as it was charged).
    await grantCredit({ customerId: subscription.customerId, amountMinor: preview.amountMinor, currency: subscription.currency, reason: `Plan change of subscription ${subscription.id}: unused time`, idempotencyKey: key }, tctx);
    creditGrantedMinor = preview.amountMinor;
  }
  const { next, current } = preview;
  await writeItems(subscription, next, ctx.now, t);
  const period = preview.newPeriod ? { currentPeriodStart: preview.newPeriod.start, currentPeriodEnd: preview.newPeriod.end, anchorDay: preview.newPeriod.start.getUTCDate() } : {};
  await recordSubscriptionChange(
    subscription,
    {
      event: 'subscription.plan_changed',
      changes: { planId: next.plan.id, cycle: next.cycle, priceMinor: next.priceMinor, scheduledPlanId: null, scheduledCycle: null, ...period },
      payload: { from: { planId: current.plan.id, cycle: current.cycle }, to: { planId: next.plan.id, cycle: next.cycle }, timing: 'now', direction: preview.direction, invoiceId: invoice?.id ?? null, creditGrantedMinor },
    },
    ctx,
    t,
  );
  await requestPlanChangeTask(subscription, key, ctx, t);
  return { subscription, preview, invoice, creditGrantedMinor };
}

/**
 * Changes a subscription's plan, cycle, options or add-ons. Upgrades (and option and add-on changes) apply now with a
 * proration invoice issued at once (account credit first), or account credit when the customer is
 * owed; downgrades apply now or at the period end per billing.downgrade_timing (then the renewal bills
 * the new plan and the period roll switches it). The services get a change_plan task.
 */
export async function changePlan(input: PlanChangeInput, ctx: Ctx): Promise<PlanChangeResult> {
  return inTransaction(ctx, async (t) => {
    const subscription = await lockSubscription(input.subscriptionId, t);
    const preview = await previewPlanChange(input, ctx.now, { transaction: t });
    if (preview.timing === 'now') return applyNow(subscription, preview, ctx, t);
    if ((input.options && Object.keys(input.options).length > 0) || input.addons) {
      throw new ValidationError('options_with_scheduled_downgrade', 'Change the options and add-ons separately from a downgrade that waits for the period end');
    }
    await recordSubscriptionChange(
      subscription,
      {
        event: 'subscription.plan_change_scheduled',
        changes: {
          scheduledPlanId: preview.next.plan.id === subscription.planId ? null : preview.next.plan.id,
          scheduledCycle: preview.next.cycle === subscription.cycle ? null : preview.next.cycle,
        },
        payload: { to: { planId: preview.next.plan.id, cycle: preview.next.cycle }, at: subscription.currentPeriodEnd?.toISOString() ?? null },
      },
      ctx,
      t,
    );
    return { subscription, preview, invoice: null, creditGrantedMinor: 0 };
  });
}
