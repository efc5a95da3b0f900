import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { Invoice } from '../../models/invoice.js';
import { lockInvoice } from './lock-invoice.js';
import { inTransaction } from '../../db/transaction.js';

/** Writes off an open invoice as uncollectible (still payable: a later payment marks it paid); audited. */
export async function markUncollectible(invoiceId: number, reason: string, ctx: Ctx): Promise<Invoice> {
  if (!reason?.trim()) throw new ValidationError('uncollectible_reason_required', 'A reason is required to write off an invoice');
  return inTransaction(ctx, async (t) => {
    const invoice = await lockInvoice(invoiceId, t, ['open']);
    const before = invoice.get({ plain: true });
    await invoice.update({ status: 'uncollectible', uncollectibleAt: ctx.now, nextRetryAt: null }, { transaction: t });
    await recordAudit({ action: 'invoice.marked_uncollectible', entityType: 'invoice', entityId: invoice.id, before, after: invoice, reason }, withTx(ctx, t));
    return invoice;
  });
}
