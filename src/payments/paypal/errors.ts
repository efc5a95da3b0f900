import { ApiError } from '@paypal/paypal-server-sdk';
import { GatewayError } from '../../lib/errors.js';

/** The parts of a PayPal error body we read (orders, payments and OAuth errors alike). */
export interface PaypalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  error?: string;
  error_description?: string;
  details?: Array<{ issue?: string; description?: string }>;
  links?: Array<{ href?: string; rel?: string }>;
}

/** The parsed error body of a PayPal API error, if it had one. */
export function paypalErrorBody(err: unknown): PaypalErrorBody | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const result: unknown = err.result;
  return result && typeof result === 'object' ? (result as PaypalErrorBody) : undefined;
}

/** PayPal's fine-grained issue code (`INSTRUMENT_DECLINED`), else its error name. */
export function paypalIssue(err: unknown): string | undefined {
  const body = paypalErrorBody(err);
  return body?.details?.[0]?.issue ?? body?.name ?? body?.error;
}

/** Wraps any PayPal SDK or network error as a GatewayError with PayPal's code and retryability. */
export function wrapPaypalError(err: unknown, action: string): GatewayError {
  if (err instanceof GatewayError) return err;
  if (!(err instanceof ApiError)) {
    return new GatewayError('gateway_unavailable', `PayPal ${action} failed: no usable answer`, { cause: err, retryable: true });
  }
  const body = paypalErrorBody(err);
  const vendorCode = paypalIssue(err);
  const detail = body?.details?.[0]?.description ?? body?.message ?? body?.error_description ?? `HTTP ${err.statusCode}`;
  const message = `PayPal ${action} failed: ${detail}${body?.debug_id ? ` (debug_id ${body.debug_id})` : ''}`;
  const status = err.statusCode;
  if (status === 401 || status === 403) return new GatewayError('gateway_auth_failed', message, { vendorCode, cause: err });
  if (status === 429) return new GatewayError('gateway_rate_limited', message, { vendorCode, retryable: true, cause: err });
  if (status >= 500) return new GatewayError('gateway_unavailable', message, { vendorCode, retryable: true, cause: err });
  if (status === 409) return new GatewayError('gateway_idempotency_conflict', message, { vendorCode, retryable: true, cause: err });
  if (status === 404) return new GatewayError('gateway_not_found', message, { vendorCode, cause: err });
  return new GatewayError('gateway_invalid_request', message, { vendorCode, cause: err });
}
