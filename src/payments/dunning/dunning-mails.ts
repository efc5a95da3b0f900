import type { Ctx } from '../../lib/context.js';
import type { Invoice } from '../../models/index.js';
import { notifyStaff } from '../../notify/notify.js';
import { noticeInvoiceEvent } from '../operations/payment-notices.js';
import { appLink, paymentPaths } from '../operations/urls.js';
import type { DunningPolicy } from './dunning-policy.js';
import { suspensionDates } from './dunning-policy.js';

const DAY_MS = 86_400_000;

/** What the customer is told after a failed step: why, what happens next, and how to pay now. */
export interface FailedStep {
  readonly invoice: Invoice;
  /** The step that just failed (0 = the due-date charge). */
  readonly step: number;
  readonly nextRetryAt: Date | null;
  /** The card was declined (code), needs authentication, or there is none on file. */
  readonly reason: 'declined' | 'requires_action' | 'no_method';
  readonly declineCode: string | null;
  /** The last attempt of the step (the identity of the `payment.failed` notice). */
  readonly attemptId: number | null;
  readonly extendedUntil?: Date | null;
  /** The subscription is already suspended (the final notice then says so). */
  readonly suspended?: boolean;
}

const REASONS: Record<FailedStep['reason'], string> = {
  declined: 'Your card was declined',
  requires_action: 'Your bank asks you to confirm the payment',
  no_method: 'There is no saved card on your account',
};

/**
 * The notice of a failed dunning step: `payment.failed` after the due-date charge, `dunning.reminder`
 * after each retry, `dunning.final_notice` (and a staff alert) after the last one, with the suspension
 * and termination dates. One notice per invoice and step; after a 3-D Secure request (already mailed
 * with its link by the charge) only the final notice follows.
 */
export async function noticeFailedStep(failed: FailedStep, policy: DunningPolicy, ctx: Ctx): Promise<void> {
  const { invoice, step } = failed;
  const dueAt = invoice.dueAt ?? invoice.issuedAt ?? ctx.now;
  const { suspendOn, terminateOn } = suspensionDates(policy, dueAt, failed.extendedUntil);
  const final = failed.nextRetryAt === null;
  if (failed.reason === 'requires_action' && !final) return;
  const daysOverdue = Math.max(0, Math.floor((ctx.now.getTime() - dueAt.getTime()) / DAY_MS));
  const reason = `${REASONS[failed.reason]}${failed.declineCode && failed.reason === 'declined' ? ` (${failed.declineCode})` : ''}`;
  const common = {
    reason, declineCode: failed.declineCode, noMethod: failed.reason === 'no_method', nextRetryAt: failed.nextRetryAt, suspendAt: suspendOn,
    terminateAt: terminateOn, suspended: failed.suspended ?? false, daysOverdue, retryCount: policy.retryDays.length, paymentMethodsUrl: appLink(paymentPaths.paymentMethods()),
  };
  if (final) {
    await noticeInvoiceEvent('dunning.final_notice', invoice, { ...common, invoiceId: invoice.id }, ctx);
    await notifyStaff('payment.failed_final', {
      invoiceId: invoice.id, number: invoice.number ?? String(invoice.id), customerId: invoice.customerId, amountMinor: Number(invoice.amountDueMinor), currency: invoice.currency, reason,
    }, ctx);
  } else if (step === 0) {
    await noticeInvoiceEvent('payment.failed', invoice, { ...common, invoiceId: invoice.id, attemptId: failed.attemptId ?? `invoice-${invoice.id}-step-0` }, ctx);
  } else {
    await noticeInvoiceEvent('dunning.reminder', invoice, { ...common, invoiceId: invoice.id, step }, ctx);
  }
}
