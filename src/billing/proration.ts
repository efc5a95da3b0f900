// NOTE: Proration is by calendar days of the actual period (a 28-day February is not a 30-day
// month). The day of the change counts as remaining: a change on the first day of a period credits
// the whole old price. With r = days remaining and d = days in the period:
//   net    = round((new - old) * r / d)    computed first, so |net| <= |new - old| exactly
//   credit = -round(old * r / d)           unused part of the old price (a negative line)
//   charge = net - credit                  remaining part of the new price, absorbs the rounding
// so credit + charge is exactly net, |credit| <= old and 0 <= charge <= new. Rounding is the money
// module's rule (half away from zero).
import { ValidationError } from '../lib/errors.js';
import { type Money, negate, ratio, subtract, add, assertCurrency } from './money.js';
import { type BillingCycle, type Period, daysBetween, periodEnd as endOfPeriod } from './periods.js';

/** Input of a mid-period plan change. */
export interface ProrationInput {
  readonly oldPrice: Money;
  readonly newPrice: Money;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly at: Date;
}

/** Credit for the unused old plan, charge for the new one, and their sum. */
export interface Proration {
  readonly credit: Money;
  readonly charge: Money;
  readonly net: Money;
  readonly daysRemaining: number;
  readonly daysInPeriod: number;
}

/** Input of a billing-cycle change: the new cycle starts at `at`, billed in full. */
export interface CycleChangeInput {
  readonly oldPrice: Money;
  readonly newCyclePrice: Money;
  readonly newCycle: BillingCycle;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly at: Date;
}

/** Credit for the unused old cycle, full charge for the new cycle, and the new period. */
export interface CycleChange extends Proration {
  readonly newPeriod: Period;
}

function assertPrice(price: Money, what: string): void {
  assertCurrency(price.currency);
  if (!Number.isSafeInteger(price.minor) || price.minor < 0) {
    throw new ValidationError('proration_invalid_price', `${what} must be a non-negative safe integer amount`);
  }
}

function daysOf(periodStart: Date, periodEnd: Date, at: Date): { daysRemaining: number; daysInPeriod: number } {
  const daysInPeriod = daysBetween(periodStart, periodEnd);
  if (daysInPeriod <= 0) {
    throw new ValidationError('proration_invalid_period', 'The period must end at least one day after it starts');
  }
  if (at.getTime() < periodStart.getTime() || at.getTime() > periodEnd.getTime()) {
    throw new ValidationError('proration_outside_period', 'The change date must fall inside the current period');
  }
  return { daysRemaining: Math.min(daysBetween(at, periodEnd), daysInPeriod), daysInPeriod };
}

/** Prorates an upgrade or downgrade at `at` within [periodStart, periodEnd) by calendar days. */
export function prorate(input: ProrationInput): Proration {
  const { oldPrice, newPrice } = input;
  assertPrice(oldPrice, 'Old price');
  assertPrice(newPrice, 'New price');
  const { daysRemaining, daysInPeriod } = daysOf(input.periodStart, input.periodEnd, input.at);
  const net = ratio(subtract(newPrice, oldPrice), daysRemaining, daysInPeriod);
  const credit = negate(ratio(oldPrice, daysRemaining, daysInPeriod));
  return { credit, charge: subtract(net, credit), net, daysRemaining, daysInPeriod };
}

/** Changes the billing cycle at `at`: credits the unused old cycle; the new cycle starts now at its full price. */
export function prorateCycleChange(input: CycleChangeInput): CycleChange {
  const { oldPrice, newCyclePrice } = input;
  assertPrice(oldPrice, 'Old price');
  assertPrice(newCyclePrice, 'New cycle price');
  const { daysRemaining, daysInPeriod } = daysOf(input.periodStart, input.periodEnd, input.at);
  const credit = negate(ratio(oldPrice, daysRemaining, daysInPeriod));
  // NOTE: net may be negative (a long cycle swapped for a short one); the caller keeps the rest as account credit.
  return {
    credit,
    charge: newCyclePrice,
    net: add(newCyclePrice, credit),
    daysRemaining,
    daysInPeriod,
    newPeriod: { start: input.at, end: endOfPeriod(input.at, input.newCycle) },
  };
}
