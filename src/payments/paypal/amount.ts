// NOTE: PayPal writes amounts as decimal strings ("12.34"). We convert with integer and string
// arithmetic only (BigInt, never a float): minor units -> digits padded to the currency's ISO 4217
// exponent -> "units.fraction", and back. PayPal takes no decimals for HUF, JPY and TWD, so an
// HUF/TWD amount (ISO exponent 2) must be a whole number of units, else we refuse to round it.
import { GatewayError } from '../../lib/errors.js';
import { assertPositiveMinor, type GatewayAmount } from '../gateway.js';

/** PayPal's money object (SDK casing). */
export interface PaypalMoney {
  currencyCode: string;
  value: string;
}

const ZERO_EXPONENT = new Set(['JPY', 'KRW', 'CLP', 'VND', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG']);
const THREE_EXPONENT = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const PAYPAL_WHOLE_UNITS = new Set(['HUF', 'JPY', 'TWD']);

/** The ISO 4217 minor-unit exponent of a currency (2 unless listed). */
export function isoExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_EXPONENT.has(code)) return 0;
  return THREE_EXPONENT.has(code) ? 3 : 2;
}

/** Integer minor units -> "units.fraction" with exactly `exponent` fraction digits. */
export function minorToDecimal(minor: number | bigint, exponent: number): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const units = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${units}${fraction}`;
}

/** "units.fraction" -> integer minor units; throws if it has more fraction digits than `exponent` allows. */
export function decimalToMinor(text: string, exponent: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new GatewayError('gateway_invalid_amount', `Not a decimal amount: "${text}"`);
  const [, sign, units, rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > exponent) throw new GatewayError('gateway_invalid_amount', `Too many decimals for this currency: "${text}"`);
  const minor = BigInt(units) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return sign === '-' ? -minor : minor;
}

/** Our amount -> PayPal money ("12.34" USD, "1500" JPY, "1200" HUF). */
export function toPaypalMoney(amount: GatewayAmount): PaypalMoney {
  assertPositiveMinor(amount);
  const currencyCode = amount.currency.toUpperCase();
  const exponent = isoExponent(currencyCode);
  if (exponent > 2) throw new GatewayError('gateway_unsupported_currency', `PayPal does not take ${currencyCode}`);
  if (!PAYPAL_WHOLE_UNITS.has(currencyCode) || exponent === 0) {
    return { currencyCode, value: minorToDecimal(amount.minor, exponent) };
  }
  const scale = 10n ** BigInt(exponent);
  const minor = BigInt(amount.minor);
  if (minor % scale !== 0n) {
    throw new GatewayError('gateway_invalid_amount', `PayPal takes whole ${currencyCode} only, got ${amount.minor} minor units`);
  }
  return { currencyCode, value: (minor / scale).toString() };
}

/** PayPal money -> our amount in ISO minor units. */
export function fromPaypalMoney(money: { currencyCode?: string; value?: string } | undefined): GatewayAmount {
  if (!money?.currencyCode || money.value === undefined) {
    throw new GatewayError('gateway_invalid_response', 'PayPal returned no amount');
  }
  const currency = money.currencyCode.toUpperCase();
  const minor = decimalToMinor(money.value, isoExponent(currency));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new GatewayError('gateway_invalid_amount', `Amount out of range: ${money.value}`);
  }
  return { minor: Number(minor), currency };
}
