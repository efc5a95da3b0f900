import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { CreditNote } from '../../models/credit-note.js';
import type { Invoice } from '../../models/invoice.js';
import { changeCredit, lockCustomer } from '../credit/customer-credit.js';
import { invoiceBalance } from '../ledger/invoice-balance.js';
import { settleInvoice } from '../ledger/settle-invoice.js';
import { writeEntry } from '../ledger/write-entry.js';
import { money, subtract } from '../money.js';
import { issueCreditNote } from './issue-credit-note.js';
import { lockInvoice } from './lock-invoice.js';
import { inTransaction } from '../../db/transaction.js';

/** The voided invoice, its credit note, and the account credit given back. */
export interface VoidResult {
  readonly invoice: Invoice;
  readonly creditNote: CreditNote;
  readonly creditReturnedMinor: number;
}

/**
 * Voids an issued, unpaid invoice: a credit note (CN-{YYYY}-{SEQ:6}) for what it still asks, and any
 * account credit applied to it goes back to the customer. An invoice with payments must be refunded instead.
 */
export async function voidInvoice(invoiceId: number, reason: string, ctx: Ctx): Promise<VoidResult> {
  if (!reason?.trim()) throw new ValidationError('void_reason_required', 'A reason is required to void an invoice');
  return inTransaction(ctx, async (t) => {
    const invoice = await lockInvoice(invoiceId, t, ['open', 'uncollectible']);
    const before = invoice.get({ plain: true });
    const balance = await invoiceBalance(invoice.id, t);
    if (balance.gatewayNetMinor > 0 || balance.disputedMinor > 0) {
      throw new ConflictError('invoice_has_payments', `Invoice ${invoice.number} has payments; refund them (a refund credit note) instead of voiding`, {
        paidMinor: balance.gatewayNetMinor,
      });
    }
    const cur = invoice.currency;
    let creditReturnedMinor = 0;
    if (balance.creditNetMinor > 0) {
      // NOTE: credit the customer used on this invoice is theirs again.
      const customer = await lockCustomer(invoice.customerId, t);
      await writeEntry(
        { customerId: customer.id, invoiceId: invoice.id, kind: 'credit_grant', amountMinor: balance.creditNetMinor, currency: cur, idempotencyKey: `invoice:${invoice.id}:void:credit_return`, memo: `Credit returned from voided ${invoice.number}` },
        ctx,
        t,
      );
      await changeCredit(customer, balance.creditNetMinor, cur, t);
      creditReturnedMinor = balance.creditNetMinor;
    }
    const remaining = subtract(money(balance.totalMinor, cur), money(balance.creditedMinor, cur)).minor;
    const creditNote = await issueCreditNote(
      invoice,
      { amountMinor: remaining, kind: 'void', refundTo: creditReturnedMinor > 0 ? 'credit' : 'none', reason, idempotencyKey: `invoice:${invoice.id}:void` },
      ctx,
      t,
    );
    await invoice.update({ status: 'void', voidedAt: ctx.now, voidReason: reason.slice(0, 255), nextRetryAt: null }, { transaction: t });
    await settleInvoice(invoice, ctx.now, t);
    await recordAudit(
      { action: 'invoice.voided', entityType: 'invoice', entityId: invoice.id, before, after: { ...invoice.get({ plain: true }), creditNote: creditNote.number }, reason },
      withTx(ctx, t),
    );
    return { invoice, creditNote, creditReturnedMinor };
  });
}
