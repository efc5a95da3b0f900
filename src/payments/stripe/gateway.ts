import Stripe from 'stripe';
import { GatewayError } from '../../lib/errors.js';
import type {
  ChargeResult, GatewayCustomerInput, GatewayEvent, HostedPaymentInput, HostedRedirect, OffSessionChargeInput,
  PaymentGateway, RefundInput, RefundResult, SavedMethod, SaveMethodInput, WebhookDelivery,
} from '../gateway.js';
import { fromStripeAmount, toStripeAmount } from './amount.js';
import { createStripeClient, type StripeDeps } from './client.js';
import { classifyDecline, isAuthenticationRequired, isResourceMissing, wrapStripeError } from './errors.js';
import { normalizeStripeEvent, verifyStripeEvent } from './webhook.js';

const REFUND_STATUS: Record<string, RefundResult['status']> = {
  succeeded: 'succeeded', pending: 'pending', requires_action: 'pending', failed: 'failed', canceled: 'failed',
};

/** The card rail: Stripe Checkout for hosted payments and card saving, PaymentIntents off-session. */
export class StripeGateway implements PaymentGateway {
  static readonly id = 'stripe' as const;
  readonly id = StripeGateway.id;
  private readonly stripe: Stripe;

  constructor(private readonly deps: StripeDeps, stripe?: Stripe) {
    this.stripe = stripe ?? createStripeClient(deps);
  }

  /** Returns the stored Stripe customer if Stripe still has it, else creates one (keyed by our id). */
  async ensureCustomer(input: GatewayCustomerInput): Promise<{ gatewayCustomerId: string }> {
    if (input.existingRef) {
      try {
        const found = await this.stripe.customers.retrieve(input.existingRef);
        if (!('deleted' in found && found.deleted)) return { gatewayCustomerId: found.id };
      } catch (err) {
        if (!isResourceMissing(err)) throw wrapStripeError(err, 'customer lookup');
      }
    }
    const replaces = input.existingRef ? `:replaces:${input.existingRef}` : '';
    try {
      const customer = await this.stripe.customers.create(
        { email: input.email, name: input.name ?? undefined, metadata: { customer_id: String(input.customerId) } },
        { idempotencyKey: `customer:${input.customerId}${replaces}` },
      );
      return { gatewayCustomerId: customer.id };
    } catch (err) {
      throw wrapStripeError(err, 'customer create');
    }
  }

  /** Opens a Checkout session in payment mode for one invoice. */
  async startHostedPayment(input: HostedPaymentInput): Promise<HostedRedirect> {
    const { amount, currency } = toStripeAmount(input.amount);
    const metadata = { invoice_id: String(input.invoiceId) };
    return this.openCheckout({
      mode: 'payment',
      customer: input.gatewayCustomerId ?? undefined,
      client_reference_id: String(input.invoiceId),
      line_items: [{ quantity: 1, price_data: { currency, unit_amount: amount, product_data: { name: input.description } } }],
      payment_intent_data: {
        description: input.description,
        metadata,
        ...(input.saveMethod ? { setup_future_usage: 'off_session' as const } : {}),
      },
      metadata,
      success_url: input.returnUrl,
      cancel_url: input.cancelUrl,
    }, input.idempotencyKey);
  }

  /** Opens a Checkout session in setup mode: the customer saves a card for later renewals. */
  async startSaveMethod(input: SaveMethodInput): Promise<HostedRedirect> {
    return this.openCheckout({
      mode: 'setup',
      customer: input.gatewayCustomerId,
      currency: input.currency.toLowerCase(),
      setup_intent_data: { metadata: { purpose: 'save_method' } },
      success_url: input.returnUrl,
      cancel_url: input.cancelUrl,
    }, input.idempotencyKey);
  }

  /** Lists the customer's saved cards (brand, last 4, expiry only). */
  async listSavedMethods(gatewayCustomerId: string): Promise<SavedMethod[]> {
    try {
      const list = await this.stripe.paymentMethods.list({ customer: gatewayCustomerId, limit: 100 });
      return list.data.map((pm) => ({
        id: pm.id,
        type: pm.type,
        brand: pm.card?.brand ?? null,
        last4: pm.card?.last4 ?? null,
        expMonth: pm.card?.exp_month ?? null,
        expYear: pm.card?.exp_year ?? null,
      }));
    } catch (err) {
      throw wrapStripeError(err, 'payment method list');
    }
  }

  /** Detaches a saved card from its customer. */
  async removeSavedMethod(paymentMethodId: string): Promise<void> {
    try {
      await this.stripe.paymentMethods.detach(paymentMethodId);
    } catch (err) {
      throw wrapStripeError(err, 'payment method detach');
    }
  }

  /** Charges a saved card off-session; a bank asking for 3-D Secure yields `requires_action`. */
  async chargeOffSession(input: OffSessionChargeInput): Promise<ChargeResult> {
    const { amount, currency } = toStripeAmount(input.amount);
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create({
        amount,
        currency,
        customer: input.gatewayCustomerId,
        payment_method: input.paymentMethodId,
        off_session: true,
        confirm: true,
        description: input.description,
        metadata: { invoice_id: String(input.invoiceId) },
      }, { idempotencyKey: input.idempotencyKey });
    } catch (err) {
      if (isAuthenticationRequired(err) && err.payment_intent) return this.startAuthentication(err.payment_intent.id, input);
      if (err instanceof Stripe.errors.StripeCardError) return declined(err);
      throw wrapStripeError(err, 'charge');
    }
    return this.resultOf(intent, input);
  }

  /** Refunds a PaymentIntent fully, or partially when an amount is given. */
  async refund(input: RefundInput): Promise<RefundResult> {
    try {
      const refund = await this.stripe.refunds.create({
        payment_intent: input.paymentRef,
        ...(input.amount ? { amount: toStripeAmount(input.amount).amount } : {}),
        ...(input.reason ? { metadata: { reason: input.reason } } : {}),
      }, { idempotencyKey: input.idempotencyKey });
      return {
        refundRef: refund.id,
        status: REFUND_STATUS[refund.status ?? 'pending'] ?? 'pending',
        amount: fromStripeAmount(refund.amount, refund.currency),
      };
    } catch (err) {
      throw wrapStripeError(err, 'refund');
    }
  }

  /** Verifies the signature (5-minute tolerance on our clock) and normalizes the event. */
  async parseWebhook(delivery: WebhookDelivery): Promise<GatewayEvent> {
    return normalizeStripeEvent(verifyStripeEvent(this.stripe, delivery, this.deps.webhookSecret));
  }

  private async openCheckout(params: Stripe.Checkout.SessionCreateParams, idempotencyKey: string): Promise<HostedRedirect> {
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create(params, { idempotencyKey });
    } catch (err) {
      throw wrapStripeError(err, 'checkout session');
    }
    if (!session.url) throw new GatewayError('gateway_invalid_response', 'Stripe returned a Checkout session without a URL');
    return { gatewayRef: session.id, redirectUrl: session.url };
  }

  // NOTE: 3-D Secure off-session. Stripe fails an off-session payment that needs authentication
  // (`authentication_required`) or leaves it in `requires_action`. We then confirm the same
  // PaymentIntent on-session with a `return_url`: Stripe answers with `next_action.redirect_to_url`,
  // its hosted authentication page. That URL goes into the dunning mail; after authenticating the
  // customer lands on `returnUrl` and `payment_intent.succeeded` arrives by webhook. If the link has
  // expired, the portal's "pay now" (startHostedPayment) is the fallback.
  private async startAuthentication(intentId: string, input: OffSessionChargeInput): Promise<ChargeResult> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.confirm(intentId, {
        payment_method: input.paymentMethodId,
        return_url: input.returnUrl,
        off_session: false,
      }, { idempotencyKey: `${input.idempotencyKey}:authenticate` });
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) return declined(err);
      throw wrapStripeError(err, 'authentication start');
    }
    const url = intent.next_action?.redirect_to_url?.url;
    if (intent.status === 'requires_action' && url) return { status: 'requires_action', gatewayRef: intent.id, actionUrl: url };
    if (intent.status === 'requires_action') {
      return { status: 'failed', gatewayRef: intent.id, declineCode: 'authentication_required', decline: 'soft', message: 'No hosted authentication page offered' };
    }
    return this.resultOf(intent, input);
  }

  private async resultOf(intent: Stripe.PaymentIntent, input: OffSessionChargeInput): Promise<ChargeResult> {
    const amount = fromStripeAmount(intent.amount, intent.currency);
    switch (intent.status) {
      case 'succeeded':
        return { status: 'succeeded', gatewayRef: intent.id, paymentRef: intent.id, amount };
      case 'processing':
        return { status: 'pending', gatewayRef: intent.id, paymentRef: intent.id, amount };
      case 'requires_action': {
        const url = intent.next_action?.redirect_to_url?.url;
        return url ? { status: 'requires_action', gatewayRef: intent.id, actionUrl: url } : this.startAuthentication(intent.id, input);
      }
      default: {
        const error = intent.last_payment_error;
        const code = error?.decline_code || error?.code || intent.status;
        return {
          status: 'failed', gatewayRef: intent.id, declineCode: code,
          decline: classifyDecline(code, error?.advice_code), message: error?.message ?? `PaymentIntent is ${intent.status}`,
        };
      }
    }
  }
}

function declined(err: Stripe.errors.StripeCardError): ChargeResult {
  // stripe-node sets decline_code to '' when Stripe sent none (e.g. expired_card): fall back to code.
  const code = err.decline_code || err.code || 'card_declined';
  return {
    status: 'failed',
    gatewayRef: err.payment_intent?.id ?? null,
    declineCode: code,
    decline: classifyDecline(code, err.advice_code),
    message: err.message,
  };
}
