// NOTE: The payment rails. Our database is the source of truth for invoices; a gateway only moves
// money and tells us, by webhook, what happened. Every call that can move money takes an
// idempotency key derived from business identity (invoice + attempt), so a retry, a second
// worker or a double click reaches the gateway as the same request and yields one effect.
import { GatewayError } from '../lib/errors.js';

/** The gateways we know; `bank_transfer` has no remote rail (payments are matched by staff). */
export type GatewayId = 'stripe' | 'paypal' | 'bank_transfer';

/** An amount on the rails: integer minor units plus an ISO 4217 code (a billing `Money` fits). */
export interface GatewayAmount {
  readonly minor: number;
  readonly currency: string;
}

/** Whose money: our customer, and the gateway's customer id when one is stored already. */
export interface GatewayCustomerInput {
  customerId: number | string;
  email: string;
  name?: string | null;
  /** The gateway customer id we stored earlier, if any; re-created when the gateway lost it. */
  existingRef?: string | null;
}

/** A hosted page to send the customer to, and the gateway's id for it (session / order). */
export interface HostedRedirect {
  gatewayRef: string;
  redirectUrl: string;
}

/** Paying one invoice on the gateway's hosted page. */
export interface HostedPaymentInput {
  invoiceId: number | string;
  /** Our invoice number; PayPal stores it as `invoice_id` and refuses to capture it twice. */
  invoiceNumber?: string;
  /** Shown to the customer on the hosted page, e.g. "Invoice INV-2024-0042". */
  description: string;
  amount: GatewayAmount;
  gatewayCustomerId?: string | null;
  /** Keep the card for future off-session renewals (Stripe only). */
  saveMethod?: boolean;
  returnUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

/** Saving a payment method without paying (Stripe Checkout in setup mode). */
export interface SaveMethodInput {
  gatewayCustomerId: string;
  /** The currency the method will be charged in (the hosted page needs one in setup mode). */
  currency: string;
  returnUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

/** A saved payment method as the portal may show it (never more than brand, last 4 and expiry). */
export interface SavedMethod {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** Charging a saved method while the customer is away (renewals, dunning retries). */
export interface OffSessionChargeInput {
  invoiceId: number | string;
  description?: string;
  amount: GatewayAmount;
  gatewayCustomerId: string;
  paymentMethodId: string;
  /** Where the customer lands after authenticating when the bank asks for 3-D Secure. */
  returnUrl: string;
  idempotencyKey: string;
}

/** `hard`: do not retry this method (stolen, closed, fraud); `soft`: a later retry may succeed. */
export type DeclineKind = 'hard' | 'soft';

/**
 * The outcome of a charge or a capture. `gatewayRef` is the attempt (PaymentIntent / order);
 * `paymentRef` is what a refund takes (PaymentIntent / PayPal capture).
 */
export type ChargeResult =
  | { status: 'succeeded'; gatewayRef: string; paymentRef: string; amount: GatewayAmount }
  | { status: 'pending'; gatewayRef: string; paymentRef: string; amount: GatewayAmount }
  | { status: 'requires_action'; gatewayRef: string; actionUrl: string }
  | { status: 'failed'; gatewayRef: string | null; declineCode: string; decline: DeclineKind; message: string };

/** Capturing an approved PayPal order. */
export interface CaptureInput {
  gatewayRef: string;
  idempotencyKey: string;
}

/** Refunding a payment, fully (no amount) or partially. */
export interface RefundInput {
  paymentRef: string;
  amount?: GatewayAmount;
  reason?: string;
  idempotencyKey: string;
}

/** A refund as the gateway recorded it. */
export interface RefundResult {
  refundRef: string;
  status: 'succeeded' | 'pending' | 'failed';
  amount: GatewayAmount;
}

/** A webhook delivery exactly as received: the raw bytes (never re-serialized JSON) and headers. */
export interface WebhookDelivery {
  rawBody: Buffer | string;
  headers: Record<string, string | string[] | undefined>;
}

/** Our event vocabulary; the webhook processor maps these through one table. */
export type GatewayEventType =
  | 'checkout.completed'
  | 'checkout.expired'
  | 'order.approved'
  | 'payment.succeeded'
  | 'payment.pending'
  | 'payment.failed'
  | 'payment.action_required'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'payment_method.saved'
  | 'dispute.opened'
  | 'other';

/** What a gateway event is about, in our terms; `raw` keeps the vendor's object. */
export interface GatewayEventObject {
  kind: 'checkout' | 'order' | 'payment' | 'refund' | 'setup' | 'dispute' | 'other';
  id: string;
  invoiceId: string | null;
  /** PaymentIntent / PayPal capture that refunds take, when the event names one. */
  paymentRef: string | null;
  gatewayCustomerId: string | null;
  paymentMethodId: string | null;
  amount: GatewayAmount | null;
  declineCode: string | null;
  raw: Record<string, unknown>;
}

/** A verified webhook event; `id` is the vendor's event id, the dedupe key. */
export interface GatewayEvent {
  gateway: GatewayId;
  id: string;
  type: GatewayEventType;
  vendorType: string;
  occurredAt: Date;
  object: GatewayEventObject;
}

/** The contract every payment gateway implements; optional methods are rails a gateway lacks. */
export interface PaymentGateway {
  readonly id: GatewayId;
  /** Returns the gateway customer for our customer, creating it once (idempotent by customer id). */
  ensureCustomer(input: GatewayCustomerInput): Promise<{ gatewayCustomerId: string | null }>;
  /** Starts a hosted payment for an invoice: Stripe Checkout (payment mode) / PayPal order. */
  startHostedPayment(input: HostedPaymentInput): Promise<HostedRedirect>;
  /** Starts saving a card for off-session use (Stripe Checkout in setup mode). */
  startSaveMethod?(input: SaveMethodInput): Promise<HostedRedirect>;
  /** Lists the customer's saved methods. */
  listSavedMethods?(gatewayCustomerId: string): Promise<SavedMethod[]>;
  /** Removes a saved method from the customer. */
  removeSavedMethod?(paymentMethodId: string): Promise<void>;
  /** Charges a saved method off-session. */
  chargeOffSession?(input: OffSessionChargeInput): Promise<ChargeResult>;
  /** Captures an approved order (PayPal). */
  capture?(input: CaptureInput): Promise<ChargeResult>;
  /** Refunds a payment fully or partially. */
  refund(input: RefundInput): Promise<RefundResult>;
  /** Verifies a webhook delivery and returns the normalized event; throws WebhookSignatureError. */
  parseWebhook(delivery: WebhookDelivery): Promise<GatewayEvent>;
}

/** A webhook whose signature, timestamp or origin could not be verified (answer 400, keep nothing). */
export class WebhookSignatureError extends GatewayError {
  override readonly status = 400;
  constructor(gateway: GatewayId, message: string, cause?: unknown) {
    super('webhook_signature_invalid', `${gateway} webhook rejected: ${message}`, { cause, retryable: false });
  }
}

/** Reads one header case-insensitively from a Node or Express header map. */
export function headerOf(headers: WebhookDelivery['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Throws unless `amount` is a positive safe integer number of minor units. */
export function assertPositiveMinor(amount: GatewayAmount): void {
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw new GatewayError('gateway_invalid_amount', `Amount must be a positive integer of minor units, got ${String(amount.minor)}`);
  }
}
