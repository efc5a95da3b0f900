import Stripe from 'stripe';
import { GatewayError } from '../../lib/errors.js';
import type { DeclineKind } from '../gateway.js';

// NOTE: Hard declines mean "this card will not work again": lost or stolen, fraud, closed or
// restricted accounts, wrong card data, a revoked authorization. Retrying them hurts our standing
// with the card networks, so dunning stops and asks the customer for a new method.
// `do_not_honor` and `generic_decline` are soft on purpose: issuers use them for temporary holds
// and velocity checks, and most recover within days; dunning caps the number of retries anyway.
// Stripe's `advice_code` (when the issuer sends one) wins over our table.
const HARD_DECLINES = new Set([
  'stolen_card', 'lost_card', 'pickup_card', 'fraudulent', 'merchant_blacklist', 'security_violation',
  'restricted_card', 'invalid_account', 'card_not_supported', 'currency_not_supported', 'expired_card',
  'incorrect_number', 'invalid_number', 'incorrect_cvc', 'invalid_cvc', 'invalid_expiry_month',
  'invalid_expiry_year', 'new_account_information_available', 'revocation_of_all_authorizations',
  'revocation_of_authorization', 'stop_payment_order', 'transaction_not_allowed', 'do_not_try_again',
  'testmode_decline', 'not_permitted', 'service_not_allowed',
]);

/** Classifies a Stripe decline by the issuer's advice first, then by decline code. */
export function classifyDecline(declineCode: string, adviceCode?: string | null): DeclineKind {
  if (adviceCode === 'do_not_try_again' || adviceCode === 'confirm_card_data') return 'hard';
  if (adviceCode === 'try_again_later') return 'soft';
  return HARD_DECLINES.has(declineCode) ? 'hard' : 'soft';
}

/** Whether a Stripe error says the bank wants the customer to authenticate (3-D Secure). */
export function isAuthenticationRequired(err: unknown): err is Stripe.errors.StripeCardError {
  return err instanceof Stripe.errors.StripeCardError
    && (err.code === 'authentication_required' || err.decline_code === 'authentication_required');
}

/** Whether a Stripe error is "no such object" (404 resource_missing). */
export function isResourceMissing(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeError && (err.code === 'resource_missing' || err.statusCode === 404);
}

/** Wraps any Stripe SDK error as a GatewayError with Stripe's code and whether to retry later. */
export function wrapStripeError(err: unknown, action: string): GatewayError {
  if (err instanceof GatewayError) return err;
  if (!(err instanceof Stripe.errors.StripeError)) {
    return new GatewayError('gateway_error', `Stripe ${action} failed`, { cause: err, retryable: true });
  }
  const vendorCode = err.decline_code || err.code || err.type;
  const message = `Stripe ${action} failed: ${err.message}`;
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) {
    return new GatewayError('gateway_unavailable', message, { vendorCode, retryable: true, cause: err });
  }
  if (err instanceof Stripe.errors.StripeRateLimitError) {
    return new GatewayError('gateway_rate_limited', message, { vendorCode, retryable: true, cause: err });
  }
  if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    return new GatewayError('gateway_auth_failed', message, { vendorCode, retryable: false, cause: err });
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) {
    return new GatewayError('gateway_idempotency_conflict', message, { vendorCode, retryable: false, cause: err });
  }
  if (err instanceof Stripe.errors.StripeCardError) {
    return new GatewayError('gateway_declined', message, { vendorCode, retryable: false, cause: err });
  }
  const retryable = (err.statusCode ?? 0) >= 500 || err.statusCode === 409;
  return new GatewayError('gateway_invalid_request', message, { vendorCode, retryable, cause: err });
}
