// What the fake Stripe account holds and how its objects change: charges, declines, 3-D Secure,
// refunds, Checkout completion. The HTTP layer (server.ts) decodes requests and calls in here.
import {
  chargeObject, checkoutSessionObject, customerObject, paymentIntentObject, paymentMethodObject, refundObject,
  setupIntentObject, type StripeObject,
} from './objects.js';

/** What the next confirmation of a PaymentIntent does. */
export type ChargeOutcome =
  | { kind: 'succeed' }
  | { kind: 'decline'; declineCode: string; adviceCode?: string }
  | { kind: 'requires_action' }
  | { kind: 'processing' };

/** An error the fake answers with, in Stripe's `{ error: {...} }` shape. */
export class StripeFakeError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String(body.message ?? 'error'));
  }
}

/** A 400/404 `invalid_request_error`. */
export function invalid(message: string, code?: string, param?: string, status = 400): StripeFakeError {
  return new StripeFakeError(status, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) });
}

const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds.', expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.", processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  authentication_required: 'Your card was declined. This transaction requires authentication.',
};
/** Codes Stripe reports as the error `code` itself rather than `card_declined` + `decline_code`. */
const OWN_CODE = new Set(['expired_card', 'incorrect_cvc', 'processing_error', 'incorrect_number']);

/** What Stripe keeps about a Checkout session without showing it on the session object. */
export interface SessionExtras {
  paymentIntentData: Record<string, string>;
  setupFutureUsage: string | null;
  setupMetadata: Record<string, string>;
}

/** The account's objects, counters and outcome queue. */
export class FakeStripeState {
  readonly objects = new Map<string, StripeObject>();
  readonly outcomes: ChargeOutcome[] = [];
  readonly counts = { customers: 0, checkoutSessions: 0, paymentIntents: 0, charges: 0, failedCharges: 0, refunds: 0, setupIntents: 0, paymentMethods: 0 };
  /** PaymentIntents whose card insists on 3-D Secure until `authenticate()`. */
  private readonly needs3ds = new Set<string>();
  private readonly sessionExtras = new Map<string, SessionExtras>();

  constructor(private readonly baseUrl: () => string, private readonly now: () => number) {}

  /** The object with this id, of the expected type; 404 otherwise. */
  find(id: string, type: string): StripeObject {
    const found = this.objects.get(id);
    if (!found || found.object !== type) throw invalid(`No such ${type.replace(/_/g, '')}: '${id}'`, 'resource_missing', 'id', 404);
    return found;
  }

  private put<T extends StripeObject>(object: T, counter: keyof FakeStripeState['counts']): T {
    this.objects.set(object.id, object);
    this.counts[counter] += 1;
    return object;
  }

  /** Creates a customer. */
  createCustomer(fields: { email?: string; name?: string; metadata: Record<string, string> }): StripeObject {
    return this.put(customerObject(this.now(), fields), 'customers');
  }

  /** Creates a card payment method, attached to `customer` when given. */
  addPaymentMethod(customer: string | null, card = { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 }): StripeObject {
    if (customer) this.find(customer, 'customer');
    return this.put(paymentMethodObject(this.now(), customer, card), 'paymentMethods');
  }

  /** Creates an open Checkout session. */
  createCheckoutSession(fields: Parameters<typeof checkoutSessionObject>[2], extras: SessionExtras): StripeObject {
    const session = this.put(checkoutSessionObject(this.now(), (id) => `${this.baseUrl()}/checkout/${id}`, fields), 'checkoutSessions');
    this.sessionExtras.set(session.id, extras);
    return session;
  }

  /** Creates an unconfirmed PaymentIntent. */
  createPaymentIntent(fields: Parameters<typeof paymentIntentObject>[1]): StripeObject {
    if (fields.customer) this.find(fields.customer, 'customer');
    return this.put(paymentIntentObject(this.now(), fields), 'paymentIntents');
  }

  /** Creates a SetupIntent awaiting a payment method. */
  createSetupIntent(customer: string | null, metadata: Record<string, string>): StripeObject {
    return this.put(setupIntentObject(this.now(), customer, metadata), 'setupIntents');
  }

  /** Confirms a PaymentIntent: the queued outcome, else success; declines throw a 402 card error. */
  confirm(intent: StripeObject, params: { paymentMethod?: string; offSession: boolean; returnUrl?: string }): StripeObject {
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(String(intent.status))) {
      throw invalid(`This PaymentIntent's status is ${String(intent.status)}; it cannot be confirmed.`, 'payment_intent_unexpected_state');
    }
    if (params.paymentMethod) intent.payment_method = params.paymentMethod;
    if (!intent.payment_method) throw invalid('You must provide a payment method.', 'payment_intent_unexpected_state', 'payment_method');
    const method = this.find(String(intent.payment_method), 'payment_method');
    if (intent.customer && method.customer !== intent.customer) {
      throw invalid(`The provided PaymentMethod ${method.id} does not belong to customer ${String(intent.customer)}.`, 'payment_method_invalid_parameter', 'payment_method');
    }
    const outcome: ChargeOutcome = this.needs3ds.has(intent.id) ? { kind: 'requires_action' } : this.outcomes.shift() ?? { kind: 'succeed' };
    intent.next_action = null;
    intent.last_payment_error = null;
    if (outcome.kind === 'succeed') return this.settle(intent);
    if (outcome.kind === 'processing') return Object.assign(intent, { status: 'processing', processing: { type: 'card' } });
    if (outcome.kind === 'decline') return this.decline(intent, method, outcome.declineCode, outcome.adviceCode);
    this.needs3ds.add(intent.id);
    if (params.offSession) return this.decline(intent, method, 'authentication_required');
    const url = `${this.baseUrl()}/3ds/${intent.id}`;
    intent.status = 'requires_action';
    intent.next_action = params.returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: params.returnUrl } }
      : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url } };
    return intent;
  }

  /** The customer passed 3-D Secure on the hosted page: the payment goes through. */
  authenticate(intentId: string): StripeObject {
    const intent = this.find(intentId, 'payment_intent');
    if (intent.status !== 'requires_action') throw invalid('This PaymentIntent does not require authentication.', 'payment_intent_unexpected_state');
    this.needs3ds.delete(intent.id);
    return this.settle(intent);
  }

  private settle(intent: StripeObject): StripeObject {
    const method = this.objects.get(String(intent.payment_method));
    const charge = this.put(chargeObject(this.now(), intent, (method?.card as Record<string, unknown>) ?? null, null), 'charges');
    return Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, next_action: null });
  }

  private decline(intent: StripeObject, method: StripeObject, declineCode: string, adviceCode?: string): never {
    const message = DECLINE_MESSAGES[declineCode] ?? 'Your card was declined.';
    const code = OWN_CODE.has(declineCode) ? declineCode : declineCode === 'authentication_required' ? 'authentication_required' : 'card_declined';
    const charge = declineCode === 'authentication_required' ? null
      : this.put(chargeObject(this.now(), intent, (method.card as Record<string, unknown>) ?? null, { code, message }), 'failedCharges');
    const error = {
      type: 'card_error', code, message, ...(code === declineCode && code !== 'authentication_required' ? {} : { decline_code: declineCode }),
      ...(adviceCode ? { advice_code: adviceCode } : {}), ...(charge ? { charge: charge.id } : {}),
      doc_url: `https://docs.stripe.com/error-codes/${code.replace(/_/g, '-')}`, payment_method: method,
    };
    Object.assign(intent, { status: 'requires_payment_method', last_payment_error: error, latest_charge: charge?.id ?? intent.latest_charge });
    throw new StripeFakeError(402, { ...error, payment_intent: intent });
  }

  /** Refunds part or all of what is left on a PaymentIntent's charge. */
  refund(intentId: string | undefined, chargeId: string | undefined, amount: number | undefined, metadata: Record<string, string>): StripeObject {
    const intent = intentId ? this.find(intentId, 'payment_intent') : undefined;
    const charge = this.objects.get(String(chargeId ?? intent?.latest_charge ?? ''));
    if (!charge || charge.status !== 'succeeded') throw invalid('This PaymentIntent does not have a successful charge to refund.', 'charge_not_found');
    const left = Number(charge.amount) - Number(charge.amount_refunded);
    if (left <= 0) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    const value = amount ?? left;
    if (value <= 0) throw invalid('This value must be greater than or equal to 1.', 'parameter_invalid_integer', 'amount');
    if (value > left) throw invalid(`Refund amount (${value}) is greater than unrefunded amount on charge (${left})`, 'amount_too_large', 'amount');
    charge.amount_refunded = Number(charge.amount_refunded) + value;
    charge.refunded = charge.amount_refunded === charge.amount;
    return this.put(refundObject(this.now(), charge, value, metadata), 'refunds');
  }

  /** The customer finished the hosted Checkout page (paid, or saved a card in setup mode). */
  completeCheckout(sessionId: string, card?: Parameters<FakeStripeState['addPaymentMethod']>[1]): StripeObject {
    const session = this.find(sessionId, 'checkout.session');
    if (session.status !== 'open') throw invalid(`Checkout session ${sessionId} is ${String(session.status)}.`, 'checkout_session_unexpected_state');
    const extras = this.sessionExtras.get(session.id);
    const customer = session.customer ? String(session.customer) : null;
    const method = this.addPaymentMethod(customer, card);
    if (session.mode === 'setup') {
      const setup = this.createSetupIntent(customer, extras?.setupMetadata ?? {});
      Object.assign(setup, { status: 'succeeded', payment_method: method.id });
      Object.assign(session, { setup_intent: setup.id });
    } else {
      const intent = this.createPaymentIntent({
        amount: Number(session.amount_total), currency: String(session.currency), customer, paymentMethod: method.id,
        description: null, metadata: extras?.paymentIntentData ?? {}, setupFutureUsage: extras?.setupFutureUsage ?? null,
      });
      this.settle(intent);
      if (!(customer && extras?.setupFutureUsage)) method.customer = null;
      Object.assign(session, { payment_intent: intent.id, payment_status: 'paid' });
    }
    return Object.assign(session, { status: 'complete', url: null });
  }
}
