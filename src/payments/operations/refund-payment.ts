import { Op } from 'sequelize';
import { invoiceBalance, paidMinor } from '../../billing/ledger/invoice-balance.js';
import { recordRefund, type RefundResult } from '../../billing/ledger/record-refund.js';
import { formatMoney } from '../../billing/money.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, ForbiddenError, GatewayError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Invoice, LedgerEntry } from '../../models/index.js';
import { gatewayFor } from '../registry.js';
import { mailInvoiceNotice } from './payment-notices.js';

/** Staff refund a payment: back through its gateway, or to account credit. */
export interface RefundPaymentInput {
  /** The invoice (its latest gateway payment is refunded) ... */
  readonly invoiceId?: number;
  /** ... or one payment ledger row. */
  readonly ledgerEntryId?: number;
  /** Default: everything still refundable. */
  readonly amountMinor?: number;
  readonly to: 'gateway' | 'credit';
  readonly reason: string;
}

async function findPayment(input: RefundPaymentInput): Promise<{ invoice: Invoice; payment: LedgerEntry | null }> {
  const viaGateway = input.to === 'gateway';
  const payment = input.ledgerEntryId
    ? await LedgerEntry.findOne({ where: { id: input.ledgerEntryId, kind: 'payment' } })
    : await LedgerEntry.findOne({
        where: { invoiceId: input.invoiceId ?? 0, kind: 'payment', ...(viaGateway ? { gateway: { [Op.in]: ['stripe', 'paypal'] } } : {}) },
        order: [['id', 'DESC']],
      });
  if (input.ledgerEntryId && !payment) throw new NotFoundError('payment_not_found', `Payment ${input.ledgerEntryId} not found`);
  const invoice = await Invoice.findByPk(payment?.invoiceId ?? input.invoiceId ?? 0);
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${input.invoiceId ?? '?'} not found`);
  if (viaGateway && !payment) throw new ConflictError('refund_no_gateway_payment', `Invoice ${invoice.number} has no card or PayPal payment to refund`);
  return { invoice, payment };
}

/** What may still go back: of this payment (gateway), capped by what the invoice kept and was not credited. */
async function refundable(invoice: Invoice, payment: LedgerEntry | null, to: RefundPaymentInput['to']): Promise<{ cap: number; refundedSoFar: number }> {
  const balance = await invoiceBalance(invoice.id);
  const uncredited = balance.totalMinor - balance.creditedMinor;
  if (to === 'credit') return { cap: Math.max(0, Math.min(paidMinor(balance), uncredited)), refundedSoFar: balance.creditedMinor };
  const refunded = Number((await LedgerEntry.sum('amountMinor', { where: { relatedEntryId: payment?.id ?? 0, kind: 'refund' } })) || 0);
  const ofPayment = Number(payment?.amountMinor ?? 0) - refunded;
  return { cap: Math.max(0, Math.min(ofPayment, balance.gatewayNetMinor, uncredited)), refundedSoFar: refunded };
}

/**
 * Refunds (part of) a payment: the gateway refund first (idempotency key from the payment, what was
 * refunded before and the amount, so a double submit refunds once), then `recordRefund` under the
 * gateway's refund id, the key the refund webhook uses too; or straight to account credit. The
 * customer is mailed a receipt.
 */
export async function refundPayment(input: RefundPaymentInput, ctx: Ctx): Promise<RefundResult> {
  if (ctx.actor.type === 'customer') throw new ForbiddenError('forbidden', 'Only staff refund payments');
  if (!input.reason?.trim()) throw new ValidationError('refund_reason_required', 'A reason is required for a refund');
  if (!input.invoiceId && !input.ledgerEntryId) throw new ValidationError('refund_target_required', 'Name the invoice or the payment to refund');
  const { invoice, payment } = await findPayment(input);
  const { cap, refundedSoFar } = await refundable(invoice, payment, input.to);
  const amountMinor = input.amountMinor ?? cap;
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new ValidationError('refund_invalid_amount', 'Nothing to refund');
  if (amountMinor > cap) throw new ConflictError('refund_exceeds_paid', `At most ${formatMoney(cap, invoice.currency)} can be refunded`, { refundableMinor: cap });
  let result: RefundResult;
  if (input.to === 'credit' || !payment) {
    result = await recordRefund(
      { invoiceId: invoice.id, amountMinor, currency: invoice.currency, to: 'credit', reason: input.reason, idempotencyKey: `refund:credit:${invoice.id}:${refundedSoFar}:${amountMinor}`, paymentEntryId: payment?.id ?? null },
      ctx,
    );
  } else {
    const gatewayId = payment.gateway;
    if ((gatewayId !== 'stripe' && gatewayId !== 'paypal') || !payment.gatewayReference) throw new ConflictError('refund_gateway_unsupported', 'This payment cannot be refunded through a gateway');
    const refund = await gatewayFor(gatewayId).refund({
      paymentRef: payment.gatewayReference, amount: { minor: amountMinor, currency: invoice.currency }, reason: input.reason,
      idempotencyKey: `refund:${payment.id}:${refundedSoFar}:${amountMinor}`,
    });
    if (refund.status === 'failed') throw new GatewayError('gateway_refund_failed', `The ${gatewayId} refund ${refund.refundRef} failed`, { vendorCode: refund.refundRef });
    result = await recordRefund(
      {
        invoiceId: invoice.id, amountMinor: refund.amount.minor, currency: invoice.currency, to: 'gateway', reason: input.reason,
        idempotencyKey: `${gatewayId}:refund:${refund.refundRef}`, gateway: gatewayId, gatewayReference: refund.refundRef, paymentEntryId: payment.id,
      },
      ctx,
    );
  }
  await mailInvoiceNotice(result.invoice, {
    template: 'payment-refunded', subject: `Refund for invoice ${invoice.number ?? invoice.id}`, dedupeKey: `payment.refunded:${result.entry.id}`,
    data: { amountMinor: Number(result.entry.amountMinor), toCredit: input.to === 'credit', reason: input.reason, creditNote: result.creditNote.number },
  }, ctx);
  return result;
}
