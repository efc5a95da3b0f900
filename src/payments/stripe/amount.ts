// NOTE: Stripe counts amounts in the currency's smallest unit, which is the ISO 4217 minor unit for
// every currency we bill in (USD/EUR/GBP/CAD/AUD cents, JPY yen), so the integer passes through
// unchanged; only the currency's case differs (Stripe: lowercase, us: uppercase ISO codes).
import { assertPositiveMinor, type GatewayAmount } from '../gateway.js';

/** Our amount -> Stripe's `amount` + lowercase `currency`. */
export function toStripeAmount(amount: GatewayAmount): { amount: number; currency: string } {
  assertPositiveMinor(amount);
  return { amount: amount.minor, currency: amount.currency.toLowerCase() };
}

/** Stripe's `amount` + `currency` -> our amount (uppercase ISO code). */
export function fromStripeAmount(amount: number, currency: string): GatewayAmount {
  return { minor: amount, currency: currency.toUpperCase() };
}
