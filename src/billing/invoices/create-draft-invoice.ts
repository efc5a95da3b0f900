import { config } from '../../../config/index.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import type { CurrencyCode, InvoiceKind } from '../../models/enums.js';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { assertCurrency } from '../money.js';
import type { InvoiceLineSpec } from './invoice-types.js';
import { recalculateDraft } from './recalculate-draft.js';
import { inTransaction } from '../../db/transaction.js';

/** Input of `createDraftInvoice` (a staff manual invoice, priced as lines are added). */
export interface CreateDraftInvoiceInput {
  readonly customerId: number;
  readonly kind?: InvoiceKind;
  readonly currency?: CurrencyCode;
  readonly subscriptionId?: number | null;
  readonly orderId?: number | null;
  readonly periodStart?: Date | null;
  readonly periodEnd?: Date | null;
  readonly dueAt?: Date | null;
  readonly notes?: string | null;
  readonly lines?: readonly InvoiceLineSpec[];
}

/** Base fields of a new draft line: zero tax until the draft is re-priced. */
export function draftLineRow(invoiceId: number, line: InvoiceLineSpec, position: number) {
  return {
    invoiceId,
    kind: line.kind,
    description: line.description,
    quantity: line.quantity ?? 1,
    unitAmountMinor: line.unitAmountMinor,
    amountMinor: 0,
    taxable: line.taxable ?? true,
    planId: line.planId ?? null,
    subscriptionId: line.subscriptionId ?? null,
    taxRateId: null,
    couponId: null,
    periodStart: line.periodStart ?? null,
    periodEnd: line.periodEnd ?? null,
    position,
  };
}

/** Creates a draft invoice (kind manual by default) with optional lines, priced; audited. */
export async function createDraftInvoice(input: CreateDraftInvoiceInput, ctx: Ctx): Promise<Invoice> {
  return inTransaction(ctx, async (t) => {
    const customer = await Customer.findByPk(input.customerId, { transaction: t });
    if (!customer) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
    const invoice = await Invoice.create(
      {
        customerId: customer.id,
        kind: input.kind ?? 'manual',
        status: 'draft',
        currency: assertCurrency(input.currency ?? customer.currency ?? config().baseCurrency) as CurrencyCode,
        subscriptionId: input.subscriptionId ?? null,
        orderId: input.orderId ?? null,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd ?? null,
        dueAt: input.dueAt ?? null,
        notes: input.notes ?? null,
      },
      { transaction: t },
    );
    const lines = input.lines ?? [];
    if (lines.length > 0) await InvoiceLine.bulkCreate(lines.map((l, i) => draftLineRow(invoice.id, l, i + 1)), { transaction: t });
    await recalculateDraft(invoice, ctx.now, t);
    await recordAudit({ action: 'invoice.draft_created', entityType: 'invoice', entityId: invoice.id, after: invoice }, withTx(ctx, t));
    return invoice;
  });
}
