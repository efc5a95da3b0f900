import { formatMoney, isCurrency } from '../billing/money.js';

const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/**
 * Template-ready companions of raw values, so templates need no helpers for the common cases: every `<x>Minor`
 * amount with the data's `currency` also comes formatted as `<x>` (`amountDueMinor` -> `amountDue` = "$24.00"), and
 * every `<x>At` date as `<x>Date` (`dueAt` -> `dueDate` = "March 8, 2025", UTC). Values the caller set are kept.
 */
export function withDerivedVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out = { ...vars };
  const currency = vars.currency;
  for (const [key, value] of Object.entries(vars)) {
    const money = /^(.+)Minor$/.exec(key);
    if (money && !(money[1]! in vars) && isCurrency(currency) && Number.isSafeInteger(Number(value)) && value !== null && value !== '') {
      out[money[1]!] = formatMoney(Number(value), currency);
    }
    const at = /^(.+)At$/.exec(key);
    const date = at ? asDate(value) : null;
    if (at && date && !(`${at[1]!}Date` in vars)) out[`${at[1]!}Date`] = longDate.format(date);
  }
  return out;
}
