// NOTE: Billing periods are anchored to the subscription's start: the anchor day of month is kept
// for every period, clamped to the month's length (Jan 31 -> Feb 28/29 -> Mar 31 -> Apr 30), and
// never drifts after a short month. The time of day of the anchor is kept. Everything is UTC.
// Periods are half-open: [start, end), and a period's end is the next period's start.
import { ValidationError } from '../lib/errors.js';

/** Billing cycles we sell. */
export type BillingCycle = 'monthly' | 'quarterly' | 'semiannual' | 'annual';

/** Months in each billing cycle. */
export const CYCLE_MONTHS: Readonly<Record<BillingCycle, number>> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
};

/** Every billing cycle, shortest first. */
export const BILLING_CYCLES = Object.keys(CYCLE_MONTHS) as readonly BillingCycle[];

/** A half-open billing period [start, end). */
export interface Period {
  readonly start: Date;
  readonly end: Date;
}

const DAY_MS = 86_400_000;

function assertDate(date: Date, what: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new ValidationError('period_invalid_date', `${what} must be a valid date`);
  }
  return date;
}

function assertCycle(cycle: BillingCycle): number {
  const months = Object.prototype.hasOwnProperty.call(CYCLE_MONTHS, cycle) ? CYCLE_MONTHS[cycle] : undefined;
  if (months === undefined) throw new ValidationError('period_invalid_cycle', `Unknown billing cycle: ${String(cycle)}`);
  return months;
}

function assertAnchorDay(day: number): number {
  if (!Number.isInteger(day) || day < 1 || day > 31) {
    throw new ValidationError('period_invalid_anchor_day', `Anchor day must be an integer from 1 to 31, got ${day}`);
  }
  return day;
}

/** Days in a month (month 0-11) of a year, in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
}

/** Adds whole months to `date`, landing on `anchorDay` clamped to the target month; keeps the time of day. */
export function addMonthsAnchored(date: Date, months: number, anchorDay: number = date.getUTCDate()): Date {
  assertDate(date, 'Date');
  assertAnchorDay(anchorDay);
  if (!Number.isSafeInteger(months)) throw new ValidationError('period_invalid_count', 'Months must be an integer');
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(anchorDay, daysInMonth(year, month));
  const result = new Date(0);
  result.setUTCFullYear(year, month, day);
  result.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return result;
}

/** Adds `n` billing cycles to `date`, anchored to `anchorDay` (defaults to the date's own day). */
export function addCycles(date: Date, cycle: BillingCycle, n: number, anchorDay: number = date.getUTCDate()): Date {
  return addMonthsAnchored(date, assertCycle(cycle) * n, anchorDay);
}

/** End (exclusive) of the period that starts at `start`: the next period's start. */
export function periodEnd(start: Date, cycle: BillingCycle, anchorDay: number = start.getUTCDate()): Date {
  return addCycles(start, cycle, 1, anchorDay);
}

/** The period that follows the one starting at `start`. */
export function nextPeriod(start: Date, cycle: BillingCycle, anchorDay: number = start.getUTCDate()): Period {
  return { start: addCycles(start, cycle, 1, anchorDay), end: addCycles(start, cycle, 2, anchorDay) };
}

/** The period of a subscription anchored at `anchorDate` that contains `at`; index 0 starts at the anchor. */
export function periodContaining(anchorDate: Date, cycle: BillingCycle, at: Date): Period & { index: number } {
  assertDate(anchorDate, 'Anchor date');
  assertDate(at, 'Date');
  const months = assertCycle(cycle);
  const monthsApart =
    (at.getUTCFullYear() - anchorDate.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchorDate.getUTCMonth());
  let index = Math.floor(monthsApart / months);
  const startOf = (k: number): Date => addCycles(anchorDate, cycle, k);
  // NOTE: the estimate from whole months is off by at most one cycle (day and time of day).
  while (startOf(index).getTime() > at.getTime()) index -= 1;
  while (startOf(index + 1).getTime() <= at.getTime()) index += 1;
  return { start: startOf(index), end: startOf(index + 1), index };
}

/** Calendar days from a to b in UTC (time of day ignored); negative when b is before a. */
export function daysBetween(a: Date, b: Date): number {
  assertDate(a, 'Start date');
  assertDate(b, 'End date');
  return Math.floor(b.getTime() / DAY_MS) - Math.floor(a.getTime() / DAY_MS);
}
