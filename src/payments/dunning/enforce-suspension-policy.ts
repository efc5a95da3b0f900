import { suspendSubscription } from '../../billing/subscriptions/suspend-subscription.js';
import { terminateSubscription } from '../../billing/subscriptions/terminate-subscription.js';
import type { Ctx } from '../../lib/context.js';
import { Invoice, Subscription } from '../../models/index.js';
import { mailInvoiceNotice } from '../operations/payment-notices.js';
import { type DunningPolicy, suspensionDates } from './dunning-policy.js';
import type { OverdueSubscription } from './find-overdue-subscriptions.js';

/** What the policy did to one subscription. */
export type SuspensionOutcome = 'suspended' | 'terminated' | 'unchanged';

const DAY_MS = 86_400_000;

/** Reasons start with "Non-payment": a payment lifts only suspensions it caused (see applyPaymentEffects). */
function reasonFor(invoice: Invoice, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - (invoice.dueAt ?? now).getTime()) / DAY_MS));
  return `Non-payment: invoice ${invoice.number ?? invoice.id} is ${days} days overdue`;
}

/**
 * Applies the schedule to one overdue subscription: terminated once `terminate_after_days` have
 * passed, else suspended once `suspend_after_days` have (a staff extension holds both). Each change
 * goes through the subscription operations (audited, provisioning tasks queued) and the customer is
 * mailed with the pay link. A suspension staff made for another reason is never turned into a termination.
 */
export async function enforceSuspensionPolicy(overdue: OverdueSubscription, policy: DunningPolicy, ctx: Ctx): Promise<SuspensionOutcome> {
  const subscription = await Subscription.findByPk(overdue.subscriptionId);
  const invoice = await Invoice.findByPk(overdue.invoiceId);
  if (!subscription || !invoice || subscription.suspensionExempt) return 'unchanged';
  const { suspendOn, terminateOn } = suspensionDates(policy, overdue.dueAt, subscription.dueExtensionUntil);
  const reason = reasonFor(invoice, ctx.now);
  const dates = { suspendAt: suspendOn, terminateAt: terminateOn };
  if (ctx.now >= terminateOn) {
    if (subscription.status === 'suspended' && !/^non-payment|overdue/i.test(subscription.suspensionReason ?? '')) return 'unchanged';
    await terminateSubscription({ subscriptionId: subscription.id, reason }, ctx);
    await mailInvoiceNotice(invoice, {
      template: 'dunning-terminated', subject: `Your service was terminated: invoice ${invoice.number ?? invoice.id} unpaid`,
      dedupeKey: `dunning.terminated:${subscription.id}`, data: { reason, ...dates },
    }, ctx);
    return 'terminated';
  }
  if (ctx.now >= suspendOn && subscription.status !== 'suspended') {
    await suspendSubscription({ subscriptionId: subscription.id, reason, invoiceId: invoice.id }, ctx);
    await mailInvoiceNotice(invoice, {
      template: 'dunning-suspended', subject: `Your service is suspended: invoice ${invoice.number ?? invoice.id} unpaid`,
      dedupeKey: `dunning.suspended:${subscription.id}:${invoice.id}`, data: { reason, ...dates },
    }, ctx);
    return 'suspended';
  }
  return 'unchanged';
}
