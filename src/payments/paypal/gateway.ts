import {
  ApiError, CaptureStatus, CheckoutPaymentIntent, PaypalExperienceUserAction, PaypalWalletContextShippingPreference,
  type Order,
} from '@paypal/paypal-server-sdk';
import { GatewayError } from '../../lib/errors.js';
import type {
  CaptureInput, ChargeResult, DeclineKind, GatewayEvent, HostedPaymentInput, HostedRedirect, PaymentGateway,
  RefundInput, RefundResult, WebhookDelivery,
} from '../gateway.js';
import { fromPaypalMoney, toPaypalMoney } from './amount.js';
import { createPaypalClient, type PaypalClient, type PaypalDeps } from './client.js';
import { paypalErrorBody, paypalIssue, wrapPaypalError } from './errors.js';
import { normalizePaypalEvent, verifyPaypalEvent } from './webhook.js';

// NOTE: Capture failures. The buyer can fix these by choosing another funding source on PayPal,
// so they come back as `requires_action` with the approval link; these others cannot be retried.
const BACK_TO_BUYER = new Set(['INSTRUMENT_DECLINED', 'PAYER_ACTION_REQUIRED', 'ORDER_NOT_APPROVED']);
const HARD_ISSUES = new Set([
  'TRANSACTION_REFUSED', 'PAYER_CANNOT_PAY', 'PAYER_ACCOUNT_LOCKED_OR_CLOSED', 'PAYER_ACCOUNT_RESTRICTED',
  'PAYEE_BLOCKED_TRANSACTION', 'TRANSACTION_BLOCKED_BY_PAYEE', 'COMPLIANCE_VIOLATION', 'DUPLICATE_INVOICE_ID',
  'MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED', 'ORDER_EXPIRED', 'ORDER_VOIDED',
]);
const APPROVAL_RELS = ['payer-action', 'approve', 'redirect'];

const REFUND_STATUS: Record<string, RefundResult['status']> = {
  COMPLETED: 'succeeded', PENDING: 'pending', FAILED: 'failed', CANCELLED: 'failed',
};

/** The PayPal rail: Orders v2 (create -> buyer approves -> capture) and capture refunds. */
export class PaypalGateway implements PaymentGateway {
  static readonly id = 'paypal' as const;
  readonly id = PaypalGateway.id;
  private readonly rails: PaypalClient;

  constructor(private readonly deps: PaypalDeps, rails?: PaypalClient) {
    this.rails = rails ?? createPaypalClient(deps);
  }

  /** PayPal orders need no gateway customer: the buyer signs in on PayPal. */
  async ensureCustomer(): Promise<{ gatewayCustomerId: null }> {
    return { gatewayCustomerId: null };
  }

  /** Creates an order (intent CAPTURE) for one invoice and returns PayPal's approval link. */
  async startHostedPayment(input: HostedPaymentInput): Promise<HostedRedirect> {
    const invoiceId = String(input.invoiceId);
    let order: Order;
    try {
      await this.rails.accessToken();
      ({ result: order } = await this.rails.orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [{
            referenceId: invoiceId,
            customId: invoiceId,
            // NOTE: PayPal refuses a second capture with the same invoice_id: a double payment guard.
            ...(input.invoiceNumber ? { invoiceId: input.invoiceNumber } : {}),
            description: input.description.slice(0, 127),
            amount: toPaypalMoney(input.amount),
          }],
          paymentSource: {
            paypal: {
              experienceContext: {
                returnUrl: input.returnUrl,
                cancelUrl: input.cancelUrl,
                userAction: PaypalExperienceUserAction.PayNow,
                shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
              },
            },
          },
        },
        paypalRequestId: input.idempotencyKey,
        prefer: 'return=minimal',
      }));
    } catch (err) {
      throw wrapPaypalError(err, 'order create');
    }
    const url = approvalUrl(order.links);
    if (!order.id || !url) throw new GatewayError('gateway_invalid_response', 'PayPal returned an order without an approval link');
    return { gatewayRef: order.id, redirectUrl: url };
  }

  /** Captures an approved order; a capture PayPal already made is returned, not repeated. */
  async capture(input: CaptureInput): Promise<ChargeResult> {
    try {
      await this.rails.accessToken();
      const { result } = await this.rails.orders.captureOrder({
        id: input.gatewayRef, paypalRequestId: input.idempotencyKey, prefer: 'return=representation',
      });
      return this.resultOf(result, input.gatewayRef);
    } catch (err) {
      const issue = paypalIssue(err);
      if (issue === 'ORDER_ALREADY_CAPTURED') return this.resultOf(await this.getOrder(input.gatewayRef), input.gatewayRef);
      if (issue && BACK_TO_BUYER.has(issue)) {
        const url = approvalUrl(paypalErrorBody(err)?.links) ?? approvalUrl((await this.getOrder(input.gatewayRef)).links);
        if (url) return { status: 'requires_action', gatewayRef: input.gatewayRef, actionUrl: url };
      }
      if (issue && err instanceof ApiError && err.statusCode === 422) {
        const description = paypalErrorBody(err)?.details?.[0]?.description ?? issue;
        return failed(input.gatewayRef, issue, HARD_ISSUES.has(issue) ? 'hard' : 'soft', description);
      }
      throw wrapPaypalError(err, 'order capture');
    }
  }

  /** Refunds a capture fully, or partially when an amount is given. */
  async refund(input: RefundInput): Promise<RefundResult> {
    try {
      await this.rails.accessToken();
      const { result } = await this.rails.payments.refundCapturedPayment({
        captureId: input.paymentRef,
        paypalRequestId: input.idempotencyKey,
        prefer: 'return=representation',
        body: {
          ...(input.amount ? { amount: toPaypalMoney(input.amount) } : {}),
          ...(input.reason ? { noteToPayer: input.reason.slice(0, 255) } : {}),
        },
      });
      const amount = result.amount ? fromPaypalMoney(result.amount) : input.amount;
      if (!result.id || !amount) throw new GatewayError('gateway_invalid_response', 'PayPal returned a refund without an id or amount');
      return { refundRef: result.id, status: REFUND_STATUS[result.status ?? 'PENDING'] ?? 'pending', amount };
    } catch (err) {
      throw wrapPaypalError(err, 'refund');
    }
  }

  /** Verifies the delivery with PayPal (bound to our webhook id) and normalizes the event. */
  async parseWebhook(delivery: WebhookDelivery): Promise<GatewayEvent> {
    return normalizePaypalEvent(await verifyPaypalEvent(this.rails, delivery, this.deps.webhookId));
  }

  private async getOrder(id: string): Promise<Order> {
    try {
      await this.rails.accessToken();
      return (await this.rails.orders.getOrder({ id })).result;
    } catch (err) {
      throw wrapPaypalError(err, 'order lookup');
    }
  }

  private resultOf(order: Order, orderId: string): ChargeResult {
    const capture = order.purchaseUnits?.[0]?.payments?.captures?.[0];
    if (!capture?.id) {
      const url = approvalUrl(order.links);
      if (url) return { status: 'requires_action', gatewayRef: orderId, actionUrl: url };
      return failed(orderId, order.status ?? 'NO_CAPTURE', 'soft', 'PayPal returned no capture');
    }
    const amount = fromPaypalMoney(capture.amount);
    switch (capture.status) {
      case CaptureStatus.Completed:
      case CaptureStatus.PartiallyRefunded:
      case CaptureStatus.Refunded:
        return { status: 'succeeded', gatewayRef: orderId, paymentRef: capture.id, amount };
      case CaptureStatus.Pending:
        return { status: 'pending', gatewayRef: orderId, paymentRef: capture.id, amount };
      default: {
        const reason = capture.processorResponse?.responseCode ?? capture.status ?? 'DECLINED';
        return failed(orderId, String(reason), 'soft', `PayPal capture ${String(capture.status ?? 'failed').toLowerCase()}`);
      }
    }
  }
}

function approvalUrl(links: Array<{ href?: string; rel?: string }> | undefined): string | undefined {
  for (const rel of APPROVAL_RELS) {
    const link = links?.find((candidate) => candidate.rel === rel && candidate.href);
    if (link?.href) return link.href;
  }
  return undefined;
}

function failed(gatewayRef: string, code: string, decline: DeclineKind, message: string): ChargeResult {
  return { status: 'failed', gatewayRef, declineCode: code, decline, message };
}
