import { recordAudit } from '../../src/audit/record-audit.js';
import { lockInvoice } from '../../src/billing/invoices/lock-invoice.js';
import { inTransaction } from '../../src/db/transaction.js';
import { type Ctx, withTx } from '../../src/lib/context.js';
import { ValidationError } from '../../src/lib/errors.js';
import { assertStaff, requiredReason } from '../../src/support/staff-guard.js';

export interface ExtendInvoiceDueDateInput {
  readonly invoiceId: number;
  readonly until: Date;
  readonly reason: string;
}

/**
 * Staff move an open invoice's due date later. Dunning and the suspension policy read `due_at`, so
 * the charge, the reminders and the suspension start over from the new date (step 0, no retry
 * pending); a service already suspended stays so until the invoice is paid. No money moves.
 * Audited with before/after; the same date twice changes nothing. Returns whether it changed.
 */
export async function extendInvoiceDueDate(input: ExtendInvoiceDueDateInput, ctx: Ctx): Promise<boolean> {
  assertStaff(ctx, 'extend a due date');
  const reason = requiredReason(input.reason, 'due_date_reason_required', 'A reason is required to extend a due date');
  const until = input.until;
  if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw new ValidationError('due_date_invalid', 'Not a valid date');
  if (until.getTime() <= ctx.now.getTime()) throw new ValidationError('due_date_in_past', 'The new due date must be in the future');
  return inTransaction(ctx, async (t) => {
    const invoice = await lockInvoice(input.invoiceId, t, ['open']);
    const current = invoice.dueAt;
    if (current && current.getTime() === until.getTime()) return false;
    if (current && until.getTime() < current.getTime()) throw new ValidationError('due_date_not_later', 'A due date can only be moved later');
    const before = { dueAt: current, dunningStep: invoice.dunningStep, nextRetryAt: invoice.nextRetryAt };
    await invoice.update({ dueAt: until, dunningStep: 0, nextRetryAt: null }, { transaction: t });
    await recordAudit({ action: 'invoice.due_date_extended', entityType: 'invoice', entityId: invoice.id, before, after: { dueAt: until, dunningStep: 0, nextRetryAt: null }, reason }, withTx(ctx, t));
    return true;
  });
}
