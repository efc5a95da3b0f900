import type { Ctx } from '../../lib/context.js';
import { GatewayError, NotFoundError } from '../../lib/errors.js';
import { Customer, PaymentAttempt } from '../../models/index.js';
import type { ChargeResult } from '../gateway.js';
import { gatewayFor } from '../registry.js';
import { paymentLedgerKey, receivePayment } from './receive-payment.js';

/** What the return page shows: paid, still processing, back to PayPal, or failed. */
export interface PaypalReturn {
  readonly status: 'paid' | 'pending' | 'requires_action' | 'failed';
  readonly invoiceId: number;
  /** For `requires_action`: PayPal's page to choose another funding source. */
  readonly redirectUrl: string | null;
  readonly message: string | null;
}

/** Brings the attempt row in line with the capture's outcome. */
async function settleAttempt(attempt: PaymentAttempt, result: ChargeResult, ctx: Ctx): Promise<void> {
  if (result.status === 'succeeded') {
    await attempt.update({ status: 'succeeded', completedAt: ctx.now, actionUrl: null });
  } else if (result.status === 'requires_action') {
    await attempt.update({ status: 'requires_action', actionUrl: result.actionUrl });
  } else if (result.status === 'failed') {
    await attempt.update({ status: 'failed', failureCode: result.declineCode.slice(0, 100), failureMessage: result.message.slice(0, 255), declineType: result.decline, completedAt: ctx.now });
  }
}

/**
 * The buyer came back from PayPal (or PayPal told us the order was approved): capture the order once
 * (the capture key is the order's; PayPal returns an earlier capture instead of taking money twice)
 * and record the payment under the capture id, the same key the capture webhook uses.
 */
export async function completePaypalReturn(orderId: string, ctx: Ctx): Promise<PaypalReturn> {
  const attempt = await PaymentAttempt.findOne({ where: { gateway: 'paypal', gatewayReference: orderId }, order: [['id', 'DESC']] });
  if (!attempt) throw new NotFoundError('payment_attempt_not_found', `No payment was started for PayPal order ${orderId}`);
  if (ctx.actor.type === 'customer') {
    const owner = await Customer.findByPk(attempt.customerId, { attributes: ['id', 'userId'] });
    if (owner?.userId !== ctx.actor.userId) throw new NotFoundError('payment_attempt_not_found', `No payment was started for PayPal order ${orderId}`);
  }
  const paypal = gatewayFor('paypal');
  if (!paypal.capture) throw new GatewayError('gateway_capture_unsupported', 'This PayPal rail cannot capture orders');
  const result = await paypal.capture({ gatewayRef: orderId, idempotencyKey: `capture:${orderId}` });
  await settleAttempt(attempt, result, ctx);
  const invoiceId = Number(attempt.invoiceId);
  switch (result.status) {
    case 'succeeded':
      await receivePayment(
        {
          invoiceId, amountMinor: result.amount.minor, currency: attempt.currency, gateway: 'paypal', gatewayReference: result.paymentRef,
          idempotencyKey: paymentLedgerKey('paypal', result.paymentRef), paymentAttemptId: attempt.id, occurredAt: ctx.now,
        },
        ctx,
      );
      return { status: 'paid', invoiceId, redirectUrl: null, message: null };
    case 'pending':
      return { status: 'pending', invoiceId, redirectUrl: null, message: 'PayPal is reviewing the payment; the invoice is marked paid when it completes.' };
    case 'requires_action':
      return { status: 'requires_action', invoiceId, redirectUrl: result.actionUrl, message: 'PayPal asks you to choose another way to pay.' };
    default:
      return { status: 'failed', invoiceId, redirectUrl: null, message: result.message };
  }
}
