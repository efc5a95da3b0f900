import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { CreditNote } from '../../models/credit-note.js';
import type { CurrencyCode, PaymentGatewayName } from '../../models/enums.js';
import type { Invoice } from '../../models/invoice.js';
import type { LedgerEntry } from '../../models/ledger-entry.js';
import { changeCredit, creditCurrencyOf, lockCustomer } from '../credit/customer-credit.js';
import { issueCreditNote } from '../invoices/issue-credit-note.js';
import { lockInvoice } from '../invoices/lock-invoice.js';
import { assertSafeInteger, money, subtract } from '../money.js';
import { invoiceBalance, paidMinor } from './invoice-balance.js';
import { settleInvoice } from './settle-invoice.js';
import { assertSameMovement, withLedgerKey } from './with-ledger-key.js';
import { writeEntry } from './write-entry.js';

/** A refund of (part of) a paid invoice: back through the gateway (already executed) or to account credit. */
export interface RecordRefundInput {
  readonly invoiceId: number;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly to: 'gateway' | 'credit';
  readonly reason: string;
  /** e.g. `stripe:refund:re_123`; also the credit note's key. */
  readonly idempotencyKey: string;
  /** For `to: 'gateway'`: the gateway that refunded and its refund id. */
  readonly gateway?: PaymentGatewayName | null;
  readonly gatewayReference?: string | null;
  /** The payment ledger row refunded, when known. */
  readonly paymentEntryId?: number | null;
  readonly occurredAt?: Date;
  readonly memo?: string | null;
}

/** The refund credit note and ledger row, with the invoice after them. */
export interface RefundResult {
  readonly invoice: Invoice;
  readonly creditNote: CreditNote;
  readonly entry: LedgerEntry;
  readonly creditBalanceMinor: number | null;
  readonly duplicate: boolean;
}

/** Records a refund: a refund credit note plus a `refund` (gateway) or `credit_grant` (credit) ledger row; idempotent by key. */
export async function recordRefund(input: RecordRefundInput, ctx: Ctx): Promise<RefundResult> {
  if (assertSafeInteger(input.amountMinor, 'Refund amount') <= 0) throw new ValidationError('refund_invalid_amount', 'A refund must be a positive amount');
  if (!input.reason?.trim()) throw new ValidationError('refund_reason_required', 'A reason is required for a refund');
  if (input.to === 'gateway' && !input.gateway) throw new ValidationError('refund_gateway_required', 'A gateway refund names its gateway');
  const kind = input.to === 'gateway' ? 'refund' : 'credit_grant';
  return withLedgerKey<RefundResult>(
    input.idempotencyKey,
    ctx,
    async (t) => {
      const invoice = await lockInvoice(input.invoiceId, t, ['open', 'paid', 'uncollectible']);
      if (input.currency !== invoice.currency) throw new ValidationError('refund_currency_mismatch', `Invoice ${invoice.number} is in ${invoice.currency}`);
      const balance = await invoiceBalance(invoice.id, t);
      // NOTE: money only goes back the way it came in: a gateway refund is capped by gateway money kept; a refund to credit by all that was paid.
      const cap = input.to === 'gateway' ? balance.gatewayNetMinor : paidMinor(balance);
      const uncredited = subtract(money(balance.totalMinor, invoice.currency), money(balance.creditedMinor, invoice.currency)).minor;
      if (input.amountMinor > Math.min(cap, uncredited)) {
        throw new ConflictError('refund_exceeds_paid', `Invoice ${invoice.number}: at most ${Math.max(0, Math.min(cap, uncredited))} can be refunded ${input.to === 'gateway' ? 'to the gateway' : 'to credit'}`, {
          refundableMinor: Math.max(0, Math.min(cap, uncredited)),
        });
      }
      const creditNote = await issueCreditNote(
        invoice,
        { amountMinor: input.amountMinor, kind: 'refund', refundTo: input.to, reason: input.reason, memo: input.memo ?? null, idempotencyKey: input.idempotencyKey },
        ctx,
        t,
      );
      let creditBalanceMinor: number | null = null;
      const customer = input.to === 'credit' ? await lockCustomer(invoice.customerId, t) : null;
      if (customer) {
        const currency = await creditCurrencyOf(customer, t);
        if (currency && currency !== invoice.currency) throw new ValidationError('credit_currency_mismatch', `Customer ${customer.id} holds credit in ${currency}`);
      }
      const entry = await writeEntry(
        {
          customerId: invoice.customerId,
          invoiceId: invoice.id,
          creditNoteId: creditNote.id,
          relatedEntryId: input.paymentEntryId ?? null,
          kind,
          amountMinor: input.amountMinor,
          currency: invoice.currency,
          gateway: input.to === 'gateway' ? input.gateway : 'credit',
          gatewayReference: input.gatewayReference ?? null,
          occurredAt: input.occurredAt ?? ctx.now,
          idempotencyKey: input.idempotencyKey,
          memo: input.reason,
        },
        ctx,
        t,
      );
      if (customer) creditBalanceMinor = await changeCredit(customer, input.amountMinor, invoice.currency, t);
      await settleInvoice(invoice, ctx.now, t);
      await recordAudit(
        { action: 'invoice.refunded', entityType: 'invoice', entityId: invoice.id, after: { amountMinor: input.amountMinor, to: input.to, creditNote: creditNote.number }, reason: input.reason },
        withTx(ctx, t),
      );
      return { invoice, creditNote, entry, creditBalanceMinor, duplicate: false };
    },
    async (entry, t) => {
      assertSameMovement(entry, { kind, invoiceId: input.invoiceId, amountMinor: input.amountMinor });
      const invoice = await lockInvoice(input.invoiceId, t);
      const creditNote = await CreditNote.findByPk(entry.creditNoteId ?? 0, { transaction: t });
      if (!creditNote) throw new ConflictError('idempotency_key_reused', `Idempotency key ${entry.idempotencyKey} belongs to a movement without a credit note`);
      return { invoice, creditNote, entry, creditBalanceMinor: null, duplicate: true };
    },
  );
}
