import { Op } from 'sequelize';
import { recordRefund } from '../../billing/ledger/record-refund.js';
import { isCurrency } from '../../billing/money.js';
import type { Ctx } from '../../lib/context.js';
import { Invoice, PaymentAttempt, PaymentMethod } from '../../models/index.js';
import type { GatewayAmount } from '../gateway.js';
import { findGatewayPayment } from '../operations/find-gateway-payment.js';
import { mailInvoiceNotice } from '../operations/payment-notices.js';
import { paymentLedgerKey, receivePayment } from '../operations/receive-payment.js';
import type { HandlerResult } from './event-outcome.js';

/** Money a gateway says it received. */
export interface ArrivedPayment {
  readonly gateway: 'stripe' | 'paypal';
  /** From the event's metadata (`invoice_id` / `custom_id`); else found through the attempt. */
  readonly invoiceId: string | number | null;
  /** PaymentIntent / PayPal capture: the ledger key, so every event about it records it once. */
  readonly paymentRef: string | null;
  readonly amount: GatewayAmount | null;
  /** Our attempt's reference (Checkout session, PaymentIntent, PayPal order). */
  readonly attemptRefs: readonly (string | null)[];
  readonly occurredAt: Date;
  /** The gateway's id of the method paid with (a Stripe PaymentMethod), to link the saved method. */
  readonly methodToken?: string | null;
}

/** Marks our attempts with these references as `status` (succeeded ones stay succeeded). */
export async function settleAttempts(refs: readonly (string | null)[], changes: Partial<PaymentAttempt>, ctx: Ctx): Promise<PaymentAttempt[]> {
  const wanted = refs.filter((r): r is string => Boolean(r));
  if (wanted.length === 0) return [];
  const attempts = await PaymentAttempt.findAll({ where: { gatewayReference: { [Op.in]: wanted }, status: { [Op.ne]: 'succeeded' } } });
  for (const attempt of attempts) await attempt.update({ completedAt: ctx.now, ...changes });
  return attempts;
}

/** Records a gateway payment (idempotent by payment reference), then the attempts, receipt and unsuspension. */
export async function paymentArrived(input: ArrivedPayment, ctx: Ctx): Promise<HandlerResult> {
  const refs = input.attemptRefs.filter((r): r is string => Boolean(r));
  const attempt = refs.length > 0 ? await PaymentAttempt.findOne({ where: { gatewayReference: { [Op.in]: refs } }, order: [['id', 'DESC']] }) : null;
  const invoiceId = Number(input.invoiceId ?? attempt?.invoiceId ?? NaN);
  // NOTE: a payment with no invoice of ours (another integration on the same account) is not ours to book.
  if (!Number.isSafeInteger(invoiceId) || !input.paymentRef || !input.amount || !isCurrency(input.amount.currency)) return 'ignored';
  if (!(await Invoice.findByPk(invoiceId, { attributes: ['id'] }))) return 'ignored';
  const method = input.methodToken ? await PaymentMethod.findOne({ where: { gateway: input.gateway, gatewayToken: input.methodToken }, attributes: ['id'] }) : null;
  await receivePayment(
    {
      invoiceId, amountMinor: input.amount.minor, currency: input.amount.currency, gateway: input.gateway, gatewayReference: input.paymentRef,
      idempotencyKey: paymentLedgerKey(input.gateway, input.paymentRef), occurredAt: input.occurredAt, paymentMethodId: method?.id ?? null, paymentAttemptId: attempt?.id ?? null,
    },
    ctx,
  );
  await settleAttempts([input.paymentRef, ...refs], { status: 'succeeded', actionUrl: null }, ctx);
  return 'processed';
}

/** A refund the gateway made (through us or its dashboard): recorded once under its refund id, the customer mailed. */
export async function refundArrived(input: { gateway: 'stripe' | 'paypal'; refundId: string; paymentRef: string | null; amount: GatewayAmount | null; occurredAt: Date }, ctx: Ctx): Promise<HandlerResult> {
  if (!input.amount || !input.refundId) return 'ignored';
  const payment = await findGatewayPayment(input.gateway, input.paymentRef);
  const invoice = await Invoice.findByPk(Number(payment.invoiceId), { rejectOnEmpty: true });
  const result = await recordRefund(
    {
      invoiceId: invoice.id, amountMinor: Math.abs(input.amount.minor), currency: invoice.currency, to: 'gateway', reason: `Refunded at ${input.gateway}`,
      idempotencyKey: `${input.gateway}:refund:${input.refundId}`, gateway: input.gateway, gatewayReference: input.refundId, paymentEntryId: payment.id, occurredAt: input.occurredAt,
    },
    ctx,
  );
  await mailInvoiceNotice(result.invoice, {
    template: 'payment-refunded', subject: `Refund for invoice ${invoice.number ?? invoice.id}`, dedupeKey: `payment.refunded:${result.entry.id}`,
    data: { amountMinor: Number(result.entry.amountMinor), toCredit: false, reason: null, creditNote: result.creditNote.number },
  }, ctx);
  return 'processed';
}
