// Stripe API objects as the fake returns them, shaped like ../shared/fixtures/stripe/fixtures3.json
// (the fields our rails and a webhook processor read, with Stripe's null/empty defaults).
import { randomBytes } from 'node:crypto';

/** A Stripe object on the wire. */
export type StripeObject = Record<string, unknown> & { id: string; object: string };

/** A Stripe-looking id: prefix + 24 alphanumerics. */
export function stripeId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  return `${prefix}_${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

/** A customer object. */
export function customerObject(created: number, fields: { email?: string; name?: string; metadata: Record<string, string> }): StripeObject {
  return {
    id: stripeId('cus'), object: 'customer', address: null, balance: 0, created, currency: null, default_source: null,
    delinquent: false, description: null, discount: null, email: fields.email ?? null,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase().slice(0, 7),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false, metadata: fields.metadata, name: fields.name ?? null, next_invoice_sequence: 1, phone: null,
    preferred_locales: [], shipping: null, tax_exempt: 'none', test_clock: null, customer_account: null,
  };
}

/** A card payment method attached to `customer` (or not). */
export function paymentMethodObject(created: number, customer: string | null, card: { brand: string; last4: string; expMonth: number; expYear: number }): StripeObject {
  return {
    id: stripeId('pm'), object: 'payment_method', allow_redisplay: 'always',
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' }, country: 'US',
      display_brand: card.brand, exp_month: card.expMonth, exp_year: card.expYear, fingerprint: randomBytes(8).toString('hex'),
      funding: 'credit', generated_from: null, last4: card.last4, networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true }, wallet: null, regulated_status: 'unregulated',
    },
    created, customer, livemode: false, metadata: {}, type: 'card', customer_account: null,
  };
}

/** A Checkout session (hosted page at `url`). */
export function checkoutSessionObject(created: number, url: (id: string) => string, fields: {
  mode: string; customer: string | null; currency: string | null; amountTotal: number | null; clientReferenceId: string | null;
  metadata: Record<string, string>; successUrl: string | null; cancelUrl: string | null;
}): StripeObject {
  const id = stripeId('cs_test');
  return {
    id, object: 'checkout.session', after_expiration: null, allow_promotion_codes: null,
    amount_subtotal: fields.amountTotal, amount_total: fields.amountTotal,
    automatic_tax: { enabled: false, liability: null, status: null, provider: null }, billing_address_collection: null,
    cancel_url: fields.cancelUrl, client_reference_id: fields.clientReferenceId, client_secret: null, consent: null,
    consent_collection: null, created, currency: fields.currency, custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: fields.customer, customer_creation: fields.customer ? null : 'if_required', customer_details: null, customer_email: null,
    expires_at: created + 86_400, invoice: null, invoice_creation: null, livemode: false, locale: null, metadata: fields.metadata,
    mode: fields.mode, payment_intent: null, payment_link: null, payment_method_collection: 'if_required',
    payment_method_configuration_details: null, payment_method_options: {}, payment_method_types: ['card'],
    payment_status: fields.mode === 'setup' ? 'no_payment_required' : 'unpaid', phone_number_collection: { enabled: false },
    recovered_from: null, saved_payment_method_options: null, setup_intent: null, shipping_address_collection: null,
    shipping_cost: null, shipping_options: [], status: 'open', submit_type: null, subscription: null, success_url: fields.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 }, ui_mode: 'hosted', url: url(id),
  };
}

/** A PaymentIntent in `requires_payment_method` / `requires_confirmation`. */
export function paymentIntentObject(created: number, fields: {
  amount: number; currency: string; customer: string | null; paymentMethod: string | null; description: string | null;
  metadata: Record<string, string>; setupFutureUsage: string | null;
}): StripeObject {
  const id = stripeId('pi');
  return {
    id, object: 'payment_intent', amount: fields.amount, amount_capturable: 0, amount_details: { tip: {} }, amount_received: 0,
    application: null, application_fee_amount: null, automatic_payment_methods: null, canceled_at: null, cancellation_reason: null,
    capture_method: 'automatic', client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`, confirmation_method: 'automatic',
    created, currency: fields.currency, customer: fields.customer, description: fields.description, last_payment_error: null,
    latest_charge: null, livemode: false, metadata: fields.metadata, next_action: null, on_behalf_of: null,
    payment_method: fields.paymentMethod, payment_method_configuration_details: null, payment_method_options: {},
    payment_method_types: ['card'], processing: null, receipt_email: null, review: null,
    setup_future_usage: fields.setupFutureUsage, shipping: null, source: null, statement_descriptor: null,
    statement_descriptor_suffix: null, status: fields.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null, transfer_group: null, excluded_payment_method_types: null, customer_account: null,
  };
}

/** A card charge of a PaymentIntent (paid, or failed with a decline). */
export function chargeObject(created: number, intent: StripeObject, card: Record<string, unknown> | null, failure: { code: string; message: string } | null): StripeObject {
  return {
    id: stripeId('ch'), object: 'charge', amount: intent.amount, amount_captured: failure ? 0 : intent.amount, amount_refunded: 0,
    application: null, application_fee: null, application_fee_amount: null, balance_transaction: failure ? null : stripeId('txn'),
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null }, calculated_statement_descriptor: 'EZSCALE',
    captured: !failure, created, currency: intent.currency, customer: intent.customer, description: intent.description,
    disputed: false, failure_balance_transaction: null, failure_code: failure?.code ?? null, failure_message: failure?.message ?? null,
    fraud_details: {}, livemode: false, metadata: intent.metadata, on_behalf_of: null,
    outcome: {
      network_status: failure ? 'declined_by_network' : 'approved_by_network', reason: failure?.code ?? null, risk_level: 'normal',
      seller_message: failure ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
      type: failure ? 'issuer_declined' : 'authorized', advice_code: null, network_advice_code: null, network_decline_code: null,
    },
    paid: !failure, payment_intent: intent.id, payment_method: intent.payment_method,
    payment_method_details: { card: card ? { brand: card.brand, last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year } : null, type: 'card' },
    receipt_email: null, receipt_number: null, receipt_url: null, refunded: false, review: null, shipping: null, source_transfer: null,
    statement_descriptor: null, statement_descriptor_suffix: null, status: failure ? 'failed' : 'succeeded', transfer_data: null, transfer_group: null,
  };
}

/** A refund of a charge. */
export function refundObject(created: number, charge: StripeObject, amount: number, metadata: Record<string, string>): StripeObject {
  return {
    id: stripeId('re'), object: 'refund', amount, balance_transaction: stripeId('txn'), charge: charge.id, created,
    currency: charge.currency, destination_details: { card: { type: 'refund' }, type: 'card' }, metadata,
    payment_intent: charge.payment_intent, reason: null, receipt_number: null, source_transfer_reversal: null, status: 'succeeded',
    transfer_reversal: null, customer: charge.customer, customer_account: null, payment_method: charge.payment_method,
  };
}

/** A SetupIntent for saving a card off-session. */
export function setupIntentObject(created: number, customer: string | null, metadata: Record<string, string>): StripeObject {
  const id = stripeId('seti');
  return {
    id, object: 'setup_intent', application: null, automatic_payment_methods: null, cancellation_reason: null,
    client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`, created, customer, description: null, flow_directions: null,
    last_setup_error: null, latest_attempt: null, livemode: false, mandate: null, metadata, next_action: null, on_behalf_of: null,
    payment_method: null, payment_method_configuration_details: null, payment_method_options: {}, payment_method_types: ['card'],
    single_use_mandate: null, status: 'requires_payment_method', usage: 'off_session', excluded_payment_method_types: null,
  };
}
