import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import type { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { sharedRead } from '../ledger/locking-read.js';
import { lockInvoice } from './lock-invoice.js';
import { recalculateDraft } from './recalculate-draft.js';
import { inTransaction } from '../../db/transaction.js';

/** Removes a line from a draft invoice and re-prices it (draft only); audited. */
export async function removeInvoiceLine(lineId: number, ctx: Ctx): Promise<Invoice> {
  return inTransaction(ctx, async (t) => {
    const found = await InvoiceLine.findByPk(lineId, sharedRead(t));
    if (!found || found.kind === 'discount') throw new NotFoundError('invoice_line_not_found', `Invoice line ${lineId} not found`);
    const invoice = await lockInvoice(found.invoiceId, t, ['draft']);
    await found.destroy({ transaction: t });
    await recalculateDraft(invoice, ctx.now, t);
    await recordAudit({ action: 'invoice.line_removed', entityType: 'invoice', entityId: invoice.id, before: found }, withTx(ctx, t));
    return invoice;
  });
}
