import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import type { InvoiceLineSpec } from './invoice-types.js';
import { sharedRead } from '../ledger/locking-read.js';
import { lockInvoice } from './lock-invoice.js';
import { checkLine } from './prepare-invoice.js';
import { recalculateDraft } from './recalculate-draft.js';
import { inTransaction } from '../../db/transaction.js';

/** What staff may change on a draft line. */
export type InvoiceLineChanges = Partial<Pick<InvoiceLineSpec, 'kind' | 'description' | 'quantity' | 'unitAmountMinor' | 'periodStart' | 'periodEnd' | 'taxable'>>;

/** Changes a line of a draft invoice and re-prices it (draft only; discount lines follow the coupon); audited. */
export async function updateInvoiceLine(lineId: number, changes: InvoiceLineChanges, ctx: Ctx): Promise<InvoiceLine> {
  return inTransaction(ctx, async (t) => {
    const found = await InvoiceLine.findByPk(lineId, sharedRead(t));
    if (!found || found.kind === 'discount') throw new NotFoundError('invoice_line_not_found', `Invoice line ${lineId} not found`);
    const invoice = await lockInvoice(found.invoiceId, t, ['draft']);
    const before = found.get({ plain: true });
    const picked = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const merged = { ...before, ...picked } as { kind: string; quantity: number; unitAmountMinor: number };
    checkLine(merged.kind, merged.quantity, Number(merged.unitAmountMinor));
    await found.update(picked, { transaction: t });
    await recalculateDraft(invoice, ctx.now, t);
    await found.reload({ transaction: t });
    await recordAudit({ action: 'invoice.line_updated', entityType: 'invoice', entityId: invoice.id, before, after: found }, withTx(ctx, t));
    return found;
  });
}
