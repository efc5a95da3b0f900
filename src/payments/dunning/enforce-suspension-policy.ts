import { lockSubscription } from '../../billing/subscriptions/lifecycle.js';
import { suspendSubscription } from '../../billing/subscriptions/suspend-subscription.js';
import { terminateSubscription } from '../../billing/subscriptions/terminate-subscription.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { Invoice } from '../../models/index.js';
import { type DunningPolicy, suspensionDates } from './dunning-policy.js';
import { exemptionEnd, laterOf } from './exemptions.js';
import { noticeDunningChange } from './suspension-notice.js';
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
 * passed, else suspended once `suspend_after_days` have (a staff extension or dunning exemption holds
 * both, counting from its end). Each change goes through the subscription operations (audited,
 * provisioning tasks queued) under the subscription's row lock, and the customer gets one notice with
 * the pay link and the services. A suspension staff made for another reason is never turned into a termination.
 */
export async function enforceSuspensionPolicy(overdue: OverdueSubscription, policy: DunningPolicy, ctx: Ctx): Promise<SuspensionOutcome> {
  const invoice = await Invoice.findByPk(overdue.invoiceId);
  if (!invoice) return 'unchanged';
  const exemptUntil = await exemptionEnd(invoice);
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    // NOTE: the lock makes a second worker wait and then see the change made: it neither repeats nor re-mails it.
    const subscription = await lockSubscription(overdue.subscriptionId, t);
    if (subscription.suspensionExempt || ['cancelled', 'terminated'].includes(subscription.status)) return 'unchanged';
    const { suspendOn, terminateOn } = suspensionDates(policy, overdue.dueAt, laterOf(subscription.dueExtensionUntil, exemptUntil));
    const reason = reasonFor(invoice, ctx.now);
    const dates = { reason, suspendAt: suspendOn, terminateAt: terminateOn };
    if (ctx.now >= terminateOn) {
      if (subscription.status === 'suspended' && !/^non-payment|overdue/i.test(subscription.suspensionReason ?? '')) return 'unchanged';
      await terminateSubscription({ subscriptionId: subscription.id, reason, invoiceId: invoice.id }, tctx);
      await noticeDunningChange('terminated', subscription, invoice, dates, tctx);
      return 'terminated';
    }
    if (ctx.now >= suspendOn && subscription.status !== 'suspended') {
      await suspendSubscription({ subscriptionId: subscription.id, reason, invoiceId: invoice.id }, tctx);
      await noticeDunningChange('suspended', subscription, invoice, dates, tctx);
      return 'suspended';
    }
    return 'unchanged';
  });
}
