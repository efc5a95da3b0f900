import { QueryTypes, type Transaction } from 'sequelize';
import { markPastDue } from '../../billing/subscriptions/mark-past-due.js';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { Invoice, Subscription } from '../../models/index.js';
import { type ChargeContext, chargeInvoiceOffSession, type OffSessionCharge } from '../operations/charge-invoice-off-session.js';
import type { CallLimit } from '../operations/call-limit.js';
import { type DbLane, directLane } from '../operations/db-lane.js';
import type { PaymentRecorder } from '../operations/payment-recorder.js';
import type { DunningClaim } from './claim-due-invoices.js';
import { noticeFailedStep } from './dunning-mails.js';
import { type DunningPolicy, nextRetryAt } from './dunning-policy.js';

/** How one step ended for its invoice. */
export type StepOutcome = 'paid' | 'pending' | 'requires_action' | 'failed' | 'final' | 'skipped';

const WAIT_FOR_WEBHOOK_MS = 24 * 3_600_000;

/** Moves the invoice's ladder on, only from the step we claimed (a concurrent payment or staff change wins). */
async function schedule(invoiceId: number, from: number, to: number, at: Date | null, ctx: Ctx, t?: Transaction): Promise<void> {
  await sequelize().query(
    "UPDATE invoices SET dunning_step = :to, next_retry_at = :at, updated_at = :now WHERE id = :id AND dunning_step = :from AND status = 'open'",
    { replacements: { id: invoiceId, from, to, at: at ? sqlTimestamp(at) : null, now: sqlTimestamp(ctx.now) }, type: QueryTypes.BULKUPDATE, transaction: t },
  );
}

/** The first failure of a renewal makes its subscription past due (the portal shows it); returns its extension and whether it is suspended. */
async function touchSubscription(invoice: Invoice, firstFailure: boolean, ctx: Ctx): Promise<{ extendedUntil: Date | null; suspended: boolean }> {
  const subscription = invoice.subscriptionId == null ? null : await Subscription.findByPk(invoice.subscriptionId, { attributes: ['id', 'status', 'dueExtensionUntil'], transaction: ctx.transaction });
  if (firstFailure && subscription?.status === 'active') {
    await markPastDue({ subscriptionId: subscription.id, invoiceId: invoice.id, reason: `Invoice ${invoice.number ?? invoice.id} unpaid` }, ctx);
  }
  return { extendedUntil: subscription?.dueExtensionUntil ?? null, suspended: subscription?.status === 'suspended' };
}

/** A failed step, in one transaction: the next rung scheduled, the subscription past due, the customer told. */
async function stepFailed(claim: DunningClaim, charge: OffSessionCharge, policy: DunningPolicy, ctx: Ctx): Promise<Date | null> {
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const invoice = await Invoice.findByPk(claim.invoiceId, { rejectOnEmpty: true, transaction: t });
    const at = nextRetryAt(policy, claim.step, invoice.dueAt ?? invoice.issuedAt ?? ctx.now, ctx.now);
    const { extendedUntil, suspended } = await touchSubscription(invoice, claim.step === 0, tctx);
    await schedule(invoice.id, claim.step, claim.step + 1, at, ctx, t);
    const reason = charge.status === 'requires_action' ? 'requires_action' : charge.status === 'no_method' ? 'no_method' : 'declined';
    const attemptId = charge.attempts[charge.attempts.length - 1]?.id ?? null;
    await noticeFailedStep({ invoice, step: claim.step, nextRetryAt: at, reason, declineCode: charge.declineCode, attemptId, extendedUntil, suspended }, policy, tctx);
    return at;
  });
}

/**
 * One rung of the ladder for a claimed invoice: charge the saved cards; paid ends dunning (the
 * ledger clears next_retry_at); a pending charge waits a day for its webhook; a failure (declined,
 * 3-D Secure needed, no card) schedules the next retry or, after the last, sends the final notice.
 * A run passes its database lane, its gateway-call limit, the batch's preloaded context and its payment recorder.
 */
export async function runDunningStep(
  claim: DunningClaim,
  policy: DunningPolicy,
  ctx: Ctx,
  run: { lane?: DbLane; calls?: CallLimit; loaded?: ChargeContext | null; record?: PaymentRecorder } = {},
): Promise<StepOutcome> {
  const lane = run.lane ?? directLane;
  const charge = await chargeInvoiceOffSession(claim.invoiceId, ctx, { lane, calls: run.calls, loaded: run.loaded, record: run.record });
  if (charge.status === 'not_payable') return 'skipped';
  if (charge.status === 'succeeded') return 'paid';
  if (charge.status === 'pending') {
    await lane(() => schedule(claim.invoiceId, claim.step, claim.step, new Date(ctx.now.getTime() + WAIT_FOR_WEBHOOK_MS), ctx));
    return 'pending';
  }
  const at = await lane(() => stepFailed(claim, charge, policy, ctx));
  if (!at) return 'final';
  return charge.status === 'requires_action' ? 'requires_action' : 'failed';
}
