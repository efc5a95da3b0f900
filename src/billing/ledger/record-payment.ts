import type { Transaction } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { CurrencyCode, PaymentGatewayName } from '../../models/enums.js';
import type { Invoice } from '../../models/invoice.js';
import { LedgerEntry } from '../../models/ledger-entry.js';
import { changeCredit, creditCurrencyOf, lockCustomer } from '../credit/customer-credit.js';
import { lockInvoice } from '../invoices/lock-invoice.js';
import { assertSafeInteger, min, money } from '../money.js';
import { invoiceBalance } from './invoice-balance.js';
import { settleInvoice } from './settle-invoice.js';
import { assertSameMovement, withLedgerKey } from './with-ledger-key.js';
import { writeEntry } from './write-entry.js';

/** A payment received for an invoice (after the gateway confirmed it). */
export interface RecordPaymentInput {
  readonly invoiceId: number;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly gateway: PaymentGatewayName;
  readonly gatewayReference?: string | null;
  readonly occurredAt?: Date;
  /** Business identity, e.g. `stripe:charge:ch_123`; a retry with it is a no-op returning the first result. */
  readonly idempotencyKey: string;
  readonly paymentMethodId?: number | null;
  readonly paymentAttemptId?: number | null;
  readonly memo?: string | null;
}

/** The invoice after a payment: balance, what became account credit, whether it just became paid. */
export interface PaymentResult {
  readonly invoice: Invoice;
  readonly entry: LedgerEntry;
  /** Ledger-derived; negative while an overpayment could not go to credit (another currency). */
  readonly balanceMinor: number;
  /** The overpayment turned into account credit. */
  readonly creditedMinor: number;
  readonly becamePaid: boolean;
  readonly duplicate: boolean;
}

async function overpaymentToCredit(invoice: Invoice, payment: LedgerEntry, excessMinor: number, ctx: Ctx, t: Transaction): Promise<number> {
  const customer = await lockCustomer(invoice.customerId, t);
  const currency = await creditCurrencyOf(customer, t);
  // NOTE: credit is kept in one currency; an overpayment in another stays on the invoice for staff to refund.
  if (currency && currency !== invoice.currency) return 0;
  await writeEntry(
    {
      customerId: customer.id,
      invoiceId: invoice.id,
      kind: 'credit_grant',
      amountMinor: excessMinor,
      currency: invoice.currency,
      relatedEntryId: payment.id,
      idempotencyKey: `${payment.idempotencyKey}:overpayment`.slice(0, 191),
      memo: `Overpayment of ${invoice.number}`,
    },
    ctx,
    t,
  );
  await changeCredit(customer, excessMinor, invoice.currency, t);
  return excessMinor;
}

/** Records a payment (one ledger row, idempotent by key), re-derives the balance, marks paid, turns any overpayment into credit. */
export async function recordPayment(input: RecordPaymentInput, ctx: Ctx): Promise<PaymentResult> {
  if (assertSafeInteger(input.amountMinor, 'Payment amount') <= 0) throw new ValidationError('payment_invalid_amount', 'A payment must be a positive amount');
  return withLedgerKey<PaymentResult>(
    input.idempotencyKey,
    ctx,
    async (t) => {
      const invoice = await lockInvoice(input.invoiceId, t, ['open', 'paid', 'uncollectible', 'void']);
      if (input.currency !== invoice.currency) {
        throw new ValidationError('payment_currency_mismatch', `Invoice ${invoice.number} is in ${invoice.currency}, the payment in ${input.currency}`);
      }
      const entry = await writeEntry(
        {
          customerId: invoice.customerId,
          invoiceId: invoice.id,
          kind: 'payment',
          amountMinor: input.amountMinor,
          currency: invoice.currency,
          gateway: input.gateway,
          gatewayReference: input.gatewayReference ?? null,
          paymentMethodId: input.paymentMethodId ?? null,
          paymentAttemptId: input.paymentAttemptId ?? null,
          occurredAt: input.occurredAt ?? ctx.now,
          idempotencyKey: input.idempotencyKey,
          memo: input.memo ?? null,
        },
        ctx,
        t,
      );
      let settled = await settleInvoice(invoice, ctx.now, t);
      let creditedMinor = 0;
      if (settled.balance.balanceMinor < 0) {
        const excess = min(money(-settled.balance.balanceMinor, invoice.currency), money(input.amountMinor, invoice.currency)).minor;
        creditedMinor = await overpaymentToCredit(invoice, entry, excess, ctx, t);
        if (creditedMinor > 0) settled = { ...(await settleInvoice(invoice, ctx.now, t)), becamePaid: settled.becamePaid };
      }
      if (ctx.actor.type === 'staff') {
        await recordAudit(
          { action: 'invoice.payment_recorded', entityType: 'invoice', entityId: invoice.id, after: { amountMinor: input.amountMinor, gateway: input.gateway, reference: input.gatewayReference ?? null, status: invoice.status } },
          withTx(ctx, t),
        );
      }
      return { invoice, entry, balanceMinor: settled.balance.balanceMinor, creditedMinor, becamePaid: settled.becamePaid, duplicate: false };
    },
    async (entry, t) => {
      assertSameMovement(entry, { kind: 'payment', invoiceId: input.invoiceId, amountMinor: input.amountMinor });
      const invoice = await lockInvoice(input.invoiceId, t);
      const overpayment = await LedgerEntry.findOne({ where: { relatedEntryId: entry.id, kind: 'credit_grant' }, transaction: t });
      const balance = await invoiceBalance(invoice.id, t);
      return { invoice, entry, balanceMinor: balance.balanceMinor, creditedMinor: overpayment ? Number(overpayment.amountMinor) : 0, becamePaid: false, duplicate: true };
    },
  );
}
