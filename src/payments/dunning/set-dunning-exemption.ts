import { Op } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { lockCustomer } from '../../billing/credit/customer-credit.js';
import { lockInvoice } from '../../billing/invoices/lock-invoice.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { DunningExemption } from '../../models/index.js';

/** A customer (all their invoices) or one invoice; `until` null lifts the exemption in force. */
export interface SetDunningExemptionInput {
  readonly customerId?: number | null;
  readonly invoiceId?: number | null;
  readonly until: Date | null;
  readonly reason: string;
}

/** The most a single exemption may last; staff set a new one to go on. */
export const MAX_EXEMPTION_DAYS = 366;

const view = (e: DunningExemption | null): Record<string, unknown> | null => (e ? { exemptUntil: e.exemptUntil.toISOString(), reason: e.reason } : null);

/**
 * Staff hold dunning (charges, reminders) and the suspension policy for a customer or an invoice until a
 * date, e.g. on a promise to pay, or lift the hold (`until: null`). One exemption per subject is in force:
 * setting again replaces it (the old row ends, kept for history); the same date and reason twice is a
 * no-op. Audited with before/after. Returns the exemption in force afterwards (null when lifted).
 */
export async function setDunningExemption(input: SetDunningExemptionInput, ctx: Ctx): Promise<DunningExemption | null> {
  if (ctx.actor.type !== 'staff') throw new ForbiddenError('dunning_exemption_staff_only', 'Only staff can exempt from dunning');
  const customerId = input.customerId ?? null;
  const invoiceId = input.invoiceId ?? null;
  if ((customerId === null) === (invoiceId === null)) throw new ValidationError('dunning_exemption_subject', 'Exempt either a customer or an invoice');
  const reason = input.reason?.trim() ?? '';
  if (!reason) throw new ValidationError('dunning_exemption_reason_required', 'A reason is required');
  const until = input.until;
  if (until !== null) {
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until.getTime() <= ctx.now.getTime()) {
      throw new ValidationError('dunning_exemption_in_past', 'The exemption must end in the future');
    }
    if (until.getTime() > ctx.now.getTime() + MAX_EXEMPTION_DAYS * 86_400_000) {
      throw new ValidationError('dunning_exemption_too_long', `An exemption lasts at most ${MAX_EXEMPTION_DAYS} days`);
    }
  }
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    // NOTE: the subject's row lock queues two staff members setting an exemption at once: one row stays in force.
    if (invoiceId !== null) await lockInvoice(invoiceId, t, ['open', 'uncollectible']);
    else await lockCustomer(customerId!, t);
    const subject = invoiceId !== null ? { invoiceId } : { customerId };
    const current = await DunningExemption.findOne({
      where: { ...subject, endedAt: null, exemptUntil: { [Op.gt]: ctx.now } },
      order: [['id', 'DESC']],
      transaction: t,
    });
    if (until === null ? !current : current && current.exemptUntil.getTime() === until.getTime() && current.reason === reason.slice(0, 255)) return current;
    const actorId = ctx.actor.userId;
    if (current) await current.update({ endedAt: ctx.now, endedBy: actorId }, { transaction: t });
    const next = until === null ? null : await DunningExemption.create({ ...subject, customerId: customerId, invoiceId, exemptUntil: until, reason: reason.slice(0, 255), createdBy: actorId }, { transaction: t });
    await recordAudit(
      {
        action: next ? 'dunning.exemption_set' : 'dunning.exemption_lifted',
        entityType: invoiceId !== null ? 'invoice' : 'customer',
        entityId: invoiceId ?? customerId,
        before: view(current),
        after: view(next),
        reason,
      },
      tctx,
    );
    return next;
  });
}
