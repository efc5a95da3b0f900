import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { draftLineRow } from './create-draft-invoice.js';
import type { InvoiceLineSpec } from './invoice-types.js';
import { lockInvoice } from './lock-invoice.js';
import { checkLine } from './prepare-invoice.js';
import { recalculateDraft } from './recalculate-draft.js';
import { inTransaction } from '../../db/transaction.js';

/** Adds a line to a draft invoice and re-prices it (draft only; `taxable: false` keeps it untaxed); audited. */
export async function addInvoiceLine(invoiceId: number, line: InvoiceLineSpec, ctx: Ctx): Promise<InvoiceLine> {
  return inTransaction(ctx, async (t) => {
    const invoice = await lockInvoice(invoiceId, t, ['draft']);
    checkLine(line.kind, line.quantity ?? 1, line.unitAmountMinor);
    const last = (await InvoiceLine.max<number, InvoiceLine>('position', { where: { invoiceId }, transaction: t })) ?? 0;
    const row = await InvoiceLine.create(draftLineRow(invoiceId, line, Number(last) + 1), { transaction: t });
    await recalculateDraft(invoice, ctx.now, t);
    await row.reload({ transaction: t });
    await recordAudit({ action: 'invoice.line_added', entityType: 'invoice', entityId: invoiceId, after: row }, withTx(ctx, t));
    return row;
  });
}
