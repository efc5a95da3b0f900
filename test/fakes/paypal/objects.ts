// PayPal REST objects as the fake returns them (snake_case wire JSON), shaped like the OpenAPI
// specs in ../shared/fixtures/paypal/openapi (checkout_orders_v2, payments_payment_v2).
import { randomBytes } from 'node:crypto';

/** A PayPal object on the wire. */
export type PaypalObject = Record<string, unknown> & { id: string };

/** PayPal money on the wire. */
export interface WireMoney {
  currency_code: string;
  value: string;
}

/** A PayPal-looking id: 17 upper-case alphanumerics (orders, captures, refunds). */
export function paypalId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(randomBytes(17), (b) => alphabet[b % alphabet.length]).join('');
}

const NO_DECIMALS = new Set(['HUF', 'JPY', 'TWD']);

/** The number of decimals PayPal writes for a currency. */
export function decimalsOf(currency: string): number {
  return NO_DECIMALS.has(currency) ? 0 : 2;
}

/** "12.34" -> 1234n (in the currency's PayPal decimals); null when malformed or too precise. */
export function toUnits(money: WireMoney): bigint | null {
  const match = /^(\d{1,10})(?:\.(\d+))?$/.exec(money.value);
  const decimals = decimalsOf(money.currency_code);
  if (!match || (match[2] ?? '').length > decimals) return null;
  return BigInt(match[1]) * 10n ** BigInt(decimals) + BigInt((match[2] ?? '').padEnd(decimals, '0') || '0');
}

/** 1234n -> "12.34" for the currency. */
export function fromUnits(units: bigint, currency: string): WireMoney {
  const decimals = decimalsOf(currency);
  const digits = units.toString().padStart(decimals + 1, '0');
  const value = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return { currency_code: currency, value };
}

/** A HATEOAS link. */
export function link(href: string, rel: string, method = 'GET'): { href: string; rel: string; method: string } {
  return { href, rel, method };
}

/** The buyer who approves orders in the fake. */
export const FAKE_PAYER = {
  name: { given_name: 'Jane', surname: 'Buyer' },
  email_address: 'buyer@example.com',
  payer_id: 'FAKEPAYER01',
  address: { country_code: 'US' },
};

/** A completed (or pending/declined) capture of an order's purchase unit. */
export function captureObject(base: string, orderId: string, unit: Record<string, unknown>, status: string, now: string): PaypalObject {
  const id = paypalId();
  return {
    id, status, amount: unit.amount, final_capture: true,
    ...(status === 'PENDING' ? { status_details: { reason: 'PENDING_REVIEW' } } : {}),
    ...(status === 'DECLINED' ? { processor_response: { avs_code: 'Y', cvv_code: 'M', response_code: '5120' } } : {}),
    seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
    ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
    ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
    supplementary_data: { related_ids: { order_id: orderId } },
    links: [
      link(`${base}/v2/payments/captures/${id}`, 'self'),
      link(`${base}/v2/payments/captures/${id}/refund`, 'refund', 'POST'),
      link(`${base}/v2/checkout/orders/${orderId}`, 'up'),
    ],
    create_time: now, update_time: now,
  };
}

/** A refund of a capture. */
export function refundObject(base: string, capture: PaypalObject, amount: WireMoney, noteToPayer: string | undefined, now: string): PaypalObject {
  const id = paypalId();
  return {
    id, amount, status: 'COMPLETED',
    ...(noteToPayer ? { note_to_payer: noteToPayer } : {}),
    ...(capture.custom_id ? { custom_id: capture.custom_id } : {}),
    ...(capture.invoice_id ? { invoice_id: capture.invoice_id } : {}),
    seller_payable_breakdown: { gross_amount: amount, net_amount: amount, total_refunded_amount: amount },
    links: [link(`${base}/v2/payments/refunds/${id}`, 'self'), link(`${base}/v2/payments/captures/${capture.id}`, 'up')],
    create_time: now, update_time: now,
  };
}

/** A PayPal API error body (`name`, `message`, `debug_id`, `details[]`). */
export function errorBody(name: string, message: string, issue?: string, description?: string, links?: unknown[]): Record<string, unknown> {
  return {
    name, message, debug_id: randomBytes(6).toString('hex'),
    ...(issue ? { details: [{ issue, description: description ?? issue }] } : {}),
    links: links ?? [link(`https://developer.paypal.com/docs/api/orders/v2/#error-${issue ?? name}`, 'information_link')],
  };
}
