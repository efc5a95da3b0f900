import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { CurrencyCode, PaymentGatewayName } from '../../models/enums.js';
import type { Invoice } from '../../models/invoice.js';
import type { LedgerEntry } from '../../models/ledger-entry.js';
import { lockInvoice } from '../invoices/lock-invoice.js';
import { assertSafeInteger } from '../money.js';
import { invoiceBalance } from './invoice-balance.js';
import { settleInvoice } from './settle-invoice.js';
import { assertSameMovement, withLedgerKey } from './with-ledger-key.js';
import { writeEntry } from './write-entry.js';

/** A dispute opened (chargeback) or won (reversal) at the gateway. */
export interface ChargebackInput {
  readonly invoiceId: number;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly gateway: PaymentGatewayName;
  readonly gatewayReference?: string | null;
  /** e.g. `stripe:dispute:dp_123` (chargeback) or `stripe:dispute:dp_123:won` (reversal). */
  readonly idempotencyKey: string;
  readonly paymentEntryId?: number | null;
  readonly occurredAt?: Date;
  readonly memo?: string | null;
}

/** The invoice after the dispute movement. */
export interface ChargebackResult {
  readonly invoice: Invoice;
  readonly entry: LedgerEntry;
  readonly balanceMinor: number;
  /** A paid invoice became owed again (chargeback) ... */
  readonly reopened: boolean;
  /** ... or paid again (reversal). */
  readonly becamePaid: boolean;
  readonly duplicate: boolean;
}

/** Writes a chargeback or its reversal against an invoice and re-settles it; idempotent by key. */
export async function disputeMovement(kind: 'chargeback' | 'chargeback_reversal', input: ChargebackInput, ctx: Ctx): Promise<ChargebackResult> {
  if (assertSafeInteger(input.amountMinor, 'Amount') <= 0) throw new ValidationError('chargeback_invalid_amount', 'A chargeback must be a positive amount');
  return withLedgerKey<ChargebackResult>(
    input.idempotencyKey,
    ctx,
    async (t) => {
      const invoice = await lockInvoice(input.invoiceId, t, ['open', 'paid', 'uncollectible']);
      if (input.currency !== invoice.currency) throw new ValidationError('chargeback_currency_mismatch', `Invoice ${invoice.number} is in ${invoice.currency}`);
      const before = await invoiceBalance(invoice.id, t);
      const cap = kind === 'chargeback' ? before.gatewayNetMinor : before.disputedMinor;
      if (input.amountMinor > cap) {
        throw new ConflictError(`${kind}_exceeds_${kind === 'chargeback' ? 'paid' : 'disputed'}`, `Invoice ${invoice.number}: at most ${cap} can be ${kind === 'chargeback' ? 'charged back' : 'reversed'}`);
      }
      const entry = await writeEntry(
        {
          customerId: invoice.customerId,
          invoiceId: invoice.id,
          kind,
          amountMinor: input.amountMinor,
          currency: invoice.currency,
          gateway: input.gateway,
          gatewayReference: input.gatewayReference ?? null,
          relatedEntryId: input.paymentEntryId ?? null,
          occurredAt: input.occurredAt ?? ctx.now,
          idempotencyKey: input.idempotencyKey,
          memo: input.memo ?? null,
        },
        ctx,
        t,
      );
      const settled = await settleInvoice(invoice, ctx.now, t);
      if (ctx.actor.type === 'staff') {
        await recordAudit({ action: `invoice.${kind}_recorded`, entityType: 'invoice', entityId: invoice.id, after: { amountMinor: input.amountMinor, status: invoice.status } }, withTx(ctx, t));
      }
      return { invoice, entry, balanceMinor: settled.balance.balanceMinor, reopened: settled.reopened, becamePaid: settled.becamePaid, duplicate: false };
    },
    async (entry, t) => {
      assertSameMovement(entry, { kind, invoiceId: input.invoiceId, amountMinor: input.amountMinor });
      const invoice = await lockInvoice(input.invoiceId, t);
      return { invoice, entry, balanceMinor: (await invoiceBalance(invoice.id, t)).balanceMinor, reopened: false, becamePaid: false, duplicate: true };
    },
  );
}
