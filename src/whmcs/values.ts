import { parseDecimal, type CurrencyCode } from '../billing/money.js';
import { ValidationError } from '../lib/errors.js';
import type { BillingCycle } from '../billing/periods.js';
import type { WhmcsRow } from './source.js';

/** A text column, trimmed; '' and null become null. */
export function text(row: WhmcsRow, column: string, max = 255): string | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s ? s.slice(0, max) : null;
}

export function int(row: WhmcsRow, column: string): number {
  const n = Number(row[column]);
  return Number.isSafeInteger(n) ? n : 0;
}

/**
 * A WHMCS DECIMAL(16,2) amount in minor units, from the exact decimal string the database sends (the MySQL source
 * reads DECIMAL columns as text). A number is refused: it would already be a binary fraction.
 */
export function amountMinor(row: WhmcsRow, column: string, currency: CurrencyCode): number {
  const value = row[column];
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value !== 'string') {
    throw new ValidationError('whmcs_amount_not_text', `${column} must come as decimal text (e.g. "12.50"), got a ${typeof value}`);
  }
  // NOTE: WHMCS keeps two decimals for every currency; zero-decimal currencies (JPY) drop the trailing ".00".
  return parseDecimal(value.trim().replace(/\.(\d*?)0+$/, (_m, kept: string) => (kept ? `.${kept}` : '')), currency);
}

/** A WHMCS date or datetime ('0000-00-00' means none) as a UTC Date. */
export function date(row: WhmcsRow, column: string): Date | null {
  const value = row[column];
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const s = value === null || value === undefined ? '' : String(value).trim();
  if (!s || s.startsWith('0000-00-00')) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const CYCLES: Record<string, BillingCycle> = { monthly: 'monthly', quarterly: 'quarterly', 'semi-annually': 'semiannual', annually: 'annual' };

/** WHMCS billing cycle names we bill in; biennial, triennial, one-time and free ones have no equivalent. */
export function cycleOf(value: unknown): BillingCycle | null {
  return CYCLES[String(value ?? '').trim().toLowerCase()] ?? null;
}

/** A URL slug of a WHMCS name (lower-case words joined by "-"), at most `max` characters; `fallback` when none is left. */
export function slugOf(name: string, fallback: string, max = 60): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, max).replace(/-$/, '') || fallback;
}
