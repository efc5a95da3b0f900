import { invoiceBalance } from '../../billing/ledger/invoice-balance.js';
import { recordChargeback } from '../../billing/ledger/record-chargeback.js';
import { reverseChargeback } from '../../billing/ledger/reverse-chargeback.js';
import type { Ctx } from '../../lib/context.js';
import { notifyStaff } from '../../notify/notify.js';
import { Invoice, LedgerEntry } from '../../models/index.js';
import type { CurrencyCode } from '../../models/enums.js';
import { applyPaymentEffects } from './apply-payment-effects.js';
import { findGatewayPayment } from './find-gateway-payment.js';
import { postPaymentsDiscord } from './post-payments-discord.js';

/** A dispute as a gateway reports it. */
export interface DisputeInput {
  readonly gateway: 'stripe' | 'paypal';
  readonly disputeId: string;
  /** The disputed payment (PaymentIntent / PayPal capture). */
  readonly paymentRef: string | null;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly reason?: string | null;
  /** An inquiry (Stripe `warning_*`) takes no money: staff are told, the ledger is untouched. */
  readonly inquiry?: boolean;
}

/** The invoice after the dispute, and the chargeback row (null for an inquiry or nothing left to take). */
export interface DisputeOutcome {
  readonly invoice: Invoice;
  readonly chargeback: LedgerEntry | null;
}

const ledgerKey = (input: DisputeInput): string => `${input.gateway}:dispute:${input.disputeId}`;

/**
 * A customer disputed a payment: a chargeback ledger row (idempotent by dispute id) reopens the
 * invoice and flags it disputed (dunning leaves it alone); staff are notified (in-app and #payments on Discord).
 */
export async function recordDispute(input: DisputeInput, ctx: Ctx): Promise<DisputeOutcome> {
  const payment = await findGatewayPayment(input.gateway, input.paymentRef);
  const invoiceId = Number(payment.invoiceId);
  let chargeback: LedgerEntry | null = await LedgerEntry.findOne({ where: { idempotencyKey: ledgerKey(input) } });
  if (!chargeback && !input.inquiry) {
    // NOTE: the network takes back at most what we still hold of the payment (a partial refund may have gone first).
    const held = (await invoiceBalance(invoiceId)).gatewayNetMinor;
    const amountMinor = Math.min(input.amountMinor, held);
    if (amountMinor > 0) {
      chargeback = (await recordChargeback({
        invoiceId, amountMinor, currency: input.currency, gateway: input.gateway, gatewayReference: input.disputeId,
        idempotencyKey: ledgerKey(input), paymentEntryId: payment.id, occurredAt: ctx.now, memo: `Dispute ${input.disputeId}${input.reason ? `: ${input.reason}` : ''}`,
      }, ctx)).entry;
    }
  }
  const invoice = await Invoice.findByPk(invoiceId, { rejectOnEmpty: true });
  await notifyStaff('payment.disputed', {
    disputeId: `${input.gateway}:${input.disputeId}`, invoiceId, customerId: invoice.customerId, amountMinor: input.amountMinor, currency: input.currency,
    reason: `${input.inquiry ? 'Inquiry' : 'Chargeback'} on invoice ${invoice.number ?? invoice.id}${input.reason ? `: ${input.reason}` : ''}. Respond in the ${input.gateway} dashboard.`,
  }, ctx);
  return { invoice, chargeback };
}

/**
 * A dispute closed. Won: the chargeback is reversed (the invoice is paid again and any suspension it
 * caused is lifted). Lost: the chargeback stands. Staff are told either way. A close that arrives
 * before the open records the chargeback first, so the order of events does not matter.
 */
export async function closeDispute(input: DisputeInput & { readonly won: boolean; readonly status: string }, ctx: Ctx): Promise<DisputeOutcome> {
  const opened = await recordDispute(input, ctx);
  let { invoice } = opened;
  if (input.won && opened.chargeback) {
    const reversed = await reverseChargeback({
      invoiceId: invoice.id, amountMinor: Number(opened.chargeback.amountMinor), currency: input.currency, gateway: input.gateway,
      gatewayReference: input.disputeId, idempotencyKey: `${ledgerKey(input)}:won`, paymentEntryId: opened.chargeback.relatedEntryId, occurredAt: ctx.now,
      memo: `Dispute ${input.disputeId} won`,
    }, ctx);
    invoice = reversed.invoice;
    await applyPaymentEffects(invoice.id, ctx);
  }
  await postPaymentsDiscord({
    event: 'dispute.closed',
    dedupeKey: `dispute.closed:${input.gateway}:${input.disputeId}`,
    title: `Dispute ${input.won ? 'won' : 'closed'} on invoice ${invoice.number ?? invoice.id}`,
    body: `${input.gateway} dispute ${input.disputeId} closed as ${input.status}.`,
    fields: [{ name: 'Invoice', value: invoice.number ?? String(invoice.id) }, { name: 'Outcome', value: input.status }],
    data: { gateway: input.gateway, disputeId: input.disputeId, invoiceId: invoice.id, status: input.status },
  }, ctx);
  return { invoice, chargeback: opened.chargeback };
}
