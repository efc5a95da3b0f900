// NOTE: The one money module. Amounts are integer minor units (cents) in a JS number that must stay a
// safe integer, always paired with an ISO 4217 currency; nothing here ever goes through a float.
// NOTE: Rounding rule of the whole billing engine: ROUND HALF UP, AWAY FROM ZERO, once per line.
// Tax, discount and proration results are computed exactly (BigInt fractions) and rounded once on
// each line with this rule: 0.5 -> 1, 1.5 -> 2, -0.5 -> -1. It is symmetric, so a credit note for
// a line is exactly the negation of the line. Totals are sums of already-rounded lines, never
// re-rounded, so an invoice always adds up to the cent.
import { ValidationError } from '../lib/errors.js';

/** Currencies we bill in: minor-unit exponent and display symbol. */
export const CURRENCIES = {
  USD: { code: 'USD', exponent: 2, symbol: '$', name: 'US dollar' },
  EUR: { code: 'EUR', exponent: 2, symbol: '€', name: 'Euro' },
  GBP: { code: 'GBP', exponent: 2, symbol: '£', name: 'Pound sterling' },
  CAD: { code: 'CAD', exponent: 2, symbol: 'CA$', name: 'Canadian dollar' },
  AUD: { code: 'AUD', exponent: 2, symbol: 'A$', name: 'Australian dollar' },
  JPY: { code: 'JPY', exponent: 0, symbol: '¥', name: 'Japanese yen' },
} as const satisfies Record<string, { code: string; exponent: number; symbol: string; name: string }>;

/** An ISO 4217 code from `CURRENCIES`. */
export type CurrencyCode = keyof typeof CURRENCIES;

/** An amount in integer minor units of a currency. */
export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/** 10000 basis points = 100%. */
export const BASIS_POINTS = 10_000;

/** Whether `code` is a currency we bill in. */
export function isCurrency(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}

/** Narrows a currency code read from a database row or a request; throws on an unknown one. */
export function assertCurrency(code: unknown): CurrencyCode {
  if (!isCurrency(code)) throw new ValidationError('money_unknown_currency', `Unknown currency: ${String(code)}`);
  return code;
}

/** Throws unless `value` is a safe integer; `what` names it in the message. */
export function assertSafeInteger(value: unknown, what = 'amount'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ValidationError('money_not_safe_integer', `${what} must be a safe integer, got ${String(value)}`);
  }
  return value;
}

/** Builds an amount; `minor` must be a safe integer (no -0). */
export function money(minor: number, currency: CurrencyCode): Money {
  assertSafeInteger(minor, 'Money amount (minor units)');
  return { minor: minor === 0 ? 0 : minor, currency: assertCurrency(currency) };
}

/** Zero in `currency`. */
export function zero(currency: CurrencyCode): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): CurrencyCode {
  if (a.currency !== b.currency) {
    throw new ValidationError('money_currency_mismatch', `Currency mismatch: ${a.currency} and ${b.currency}`);
  }
  return a.currency;
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ValidationError('money_not_safe_integer', `Amount ${value} is outside the safe integer range`);
  }
  return Number(value);
}

function fromBig(value: bigint, currency: CurrencyCode): Money {
  return money(toSafeNumber(value), currency);
}

/** Divides two integers, rounding half away from zero (the rule above); the only rounding in billing. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new ValidationError('money_division_by_zero', 'Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** a + b (same currency). */
export function add(a: Money, b: Money): Money {
  return fromBig(BigInt(a.minor) + BigInt(b.minor), sameCurrency(a, b));
}

/** a - b (same currency). */
export function subtract(a: Money, b: Money): Money {
  return fromBig(BigInt(a.minor) - BigInt(b.minor), sameCurrency(a, b));
}

/** -a. */
export function negate(a: Money): Money {
  return money(-a.minor, a.currency);
}

/** Sum of `list`, all in `currency` (zero for an empty list). */
export function sum(list: readonly Money[], currency: CurrencyCode): Money {
  return list.reduce((acc, m) => add(acc, m), zero(currency));
}

/** Compares a and b (same currency): -1, 0 or 1. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** The smaller of a and b (same currency). */
export function min(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

/** amount × an integer quantity. */
export function multiply(amount: Money, quantity: number): Money {
  assertSafeInteger(quantity, 'Quantity');
  return fromBig(BigInt(amount.minor) * BigInt(quantity), amount.currency);
}

/** amount × basisPoints / 10000, rounded half away from zero (tax, percent discounts). */
export function percentOf(amount: Money, basisPoints: number): Money {
  assertSafeInteger(basisPoints, 'Rate (basis points)');
  return fromBig(divideRounded(BigInt(amount.minor) * BigInt(basisPoints), BigInt(BASIS_POINTS)), amount.currency);
}

/** amount × numerator / denominator, rounded half away from zero (proration, tax-inclusive net). */
export function ratio(amount: Money, numerator: number, denominator: number): Money {
  assertSafeInteger(numerator, 'Ratio numerator');
  assertSafeInteger(denominator, 'Ratio denominator');
  return fromBig(divideRounded(BigInt(amount.minor) * BigInt(numerator), BigInt(denominator)), amount.currency);
}

/** Splits amount by non-negative integer weights (largest remainder); the parts sum exactly to amount. */
export function allocate(amount: Money, weights: readonly number[]): Money[] {
  weights.forEach((w) => {
    if (assertSafeInteger(w, 'Allocation weight') < 0) {
      throw new ValidationError('money_invalid_weight', 'Allocation weights must not be negative');
    }
  });
  const total = weights.reduce((acc, w) => acc + BigInt(w), 0n);
  if (total === 0n) {
    if (amount.minor === 0 && weights.length > 0) return weights.map(() => zero(amount.currency));
    throw new ValidationError('money_invalid_weight', 'Cannot allocate over weights that sum to zero');
  }
  const sign = amount.minor < 0 ? -1n : 1n;
  const whole = BigInt(amount.minor) * sign;
  const shares = weights.map((w) => (whole * BigInt(w)) / total);
  const remainders = weights.map((w, i) => ({ i, r: (whole * BigInt(w)) % total }));
  let leftover = whole - shares.reduce((acc, s) => acc + s, 0n);
  // NOTE: leftover units go to the largest remainders first, ties to the earlier line, so the
  // split is deterministic and a line with an exact share never receives an extra unit.
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    shares[i] += 1n;
    leftover -= 1n;
  }
  return shares.map((s) => fromBig(s * sign, amount.currency));
}

const INTEGER = /^-?\d+$/;
const INTEGRAL_DECIMAL = /^(-?\d+)\.0+$/;

/** Reads minor units from a database driver: number, bigint or an integer string (MySQL SUM()). NULL throws. */
export function toMinor(value: unknown): number {
  if (typeof value === 'number') return assertSafeInteger(value, 'Minor units') === 0 ? 0 : value;
  if (typeof value === 'bigint') return toSafeNumber(value);
  if (typeof value === 'string') {
    const text = value.trim();
    const integral = INTEGER.test(text) ? text : INTEGRAL_DECIMAL.exec(text)?.[1];
    if (integral !== undefined) return toSafeNumber(BigInt(integral));
  }
  throw new ValidationError('money_invalid_minor', `Not an integer amount of minor units: ${String(value)}`);
}

/** Minor units as a plain decimal string in major units: 1234 USD -> "12.34", -5 -> "-0.05" (CSV, APIs). */
export function toDecimalString(minor: number, currency: CurrencyCode): string {
  assertSafeInteger(minor, 'Minor units');
  const { exponent } = CURRENCIES[assertCurrency(currency)];
  const digits = String(Math.abs(minor));
  if (exponent === 0) return minor < 0 ? `-${digits}` : digits;
  const padded = digits.padStart(exponent + 1, '0');
  const text = `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
  return minor < 0 ? `-${text}` : text;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses "12.34" into minor units, strictly: at most the currency's decimals, no exponent, no spaces. */
export function parseDecimal(text: string, currency: CurrencyCode): number {
  const { exponent } = CURRENCIES[assertCurrency(currency)];
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null;
  if (!match) {
    throw new ValidationError('money_invalid_decimal', `Not a decimal amount: ${JSON.stringify(text) ?? String(text)}`);
  }
  const [, minus, units, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new ValidationError(
      'money_too_many_decimals',
      `${currency} amounts have at most ${exponent} decimal places, got ${JSON.stringify(text)}`,
    );
  }
  const minor = BigInt(units + fraction.padEnd(exponent, '0'));
  return fromBig(minus ? -minor : minor, currency).minor;
}

/** Intl formatters per locale and currency: building one costs far more than formatting with it. */
const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** Formats an amount for display with Intl (edge only: templates, PDFs, mails). */
export function formatMoney(minor: number, currency: CurrencyCode, locale = 'en-US'): string {
  const { exponent } = CURRENCIES[assertCurrency(currency)];
  const key = `${locale}|${currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    if (moneyFormatters.size < 1000) moneyFormatters.set(key, formatter);
  }
  // NOTE: Intl formats a decimal string exactly (ES2023); the project's `lib` setting predates that overload.
  const format = formatter.format as unknown as (value: string) => string;
  return format(toDecimalString(minor, currency));
}
