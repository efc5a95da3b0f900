// NOTE: A plan change in the middle of a period, by calendar days (proration.ts): the unused part of
// the old configuration is credited and the remaining part of the new one charged, as one pair of
// lines computed on the whole recurring amounts, so credit + charge is exactly the prorated difference
// and never more than a full period's difference. A cycle change credits the unused old period and
// starts the new cycle now at its full price (prorateCycleChange). Upgrade or downgrade is decided on
// the price per month, so a longer cycle with a discount is not mistaken for a downgrade.
import type { InvoiceLineSpec } from '../invoices/invoice-types.js';
import { type Configuration, configurationLines, recurringTotal } from '../catalog/configuration.js';
import { negate, type Money } from '../money.js';
import { CYCLE_MONTHS, type Period } from '../periods.js';
import { prorate, prorateCycleChange } from '../proration.js';

/** Whether a change costs more per month, less, or the same. */
export type ChangeDirection = 'upgrade' | 'downgrade' | 'lateral';

/** What a mid-period change bills. */
export interface PlanChangeMath {
  readonly direction: ChangeDirection;
  readonly cycleChange: boolean;
  readonly lines: InvoiceLineSpec[];
  /** Sum of the lines before tax (negative when the customer gets money back). */
  readonly netMinor: number;
  /** Set when the cycle changes: the new period starts at the change. */
  readonly newPeriod: Period | null;
}

/** Input: the configuration now and after, the current period, the moment of change. */
export interface PlanChangeMathInput {
  readonly subscriptionId: number;
  readonly current: Configuration;
  readonly next: Configuration;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly at: Date;
  /** The next period's renewal invoice was already issued at the old price (same-cycle changes only). */
  readonly nextPeriodInvoiced?: boolean;
  readonly nextPeriodEnd?: Date | null;
}

/** Compares two configurations by their price per month. */
export function changeDirection(current: Configuration, next: Configuration): ChangeDirection {
  const a = BigInt(recurringTotal(current).minor) * BigInt(CYCLE_MONTHS[next.cycle]);
  const b = BigInt(recurringTotal(next).minor) * BigInt(CYCLE_MONTHS[current.cycle]);
  return b > a ? 'upgrade' : b < a ? 'downgrade' : 'lateral';
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function line(config: Configuration, amount: Money, description: string, subscriptionId: number, period: Period): InvoiceLineSpec {
  return {
    kind: 'proration',
    description: description.slice(0, 255),
    unitAmountMinor: amount.minor,
    planId: config.plan.id,
    planType: config.plan.type,
    taxable: config.plan.taxable,
    subscriptionId,
    periodStart: period.start,
    periodEnd: period.end,
  };
}

/**
 * The one-time setup fees the change starts billing, as checkout would: an add-on it adds, an option it starts
 * charging for (none of it was billed before) or a choice it switches to.
 */
function addedSetupFees(current: Configuration, next: Configuration, subscriptionId: number): InvoiceLineSpec[] {
  const fee = (name: string, amountMinor: number): InvoiceLineSpec => ({
    kind: 'setup_fee',
    description: `Setup fee: ${name}`.slice(0, 255),
    unitAmountMinor: amountMinor,
    planId: next.plan.id,
    planType: next.plan.type,
    taxable: next.plan.taxable,
    subscriptionId,
    periodStart: null,
    periodEnd: null,
  });
  const options = next.options
    .filter((o) => {
      if (o.setupFeeMinor <= 0 || o.chargeable <= 0 || o.unitPriceMinor <= 0) return false;
      const before = current.options.find((c) => c.optionId === o.optionId);
      return !before || before.chargeable <= 0 || before.choice !== o.choice;
    })
    .map((o) => fee(o.choiceLabel ? `${o.name}: ${o.choiceLabel}` : o.name, o.setupFeeMinor));
  const addons = next.addons
    .filter((a) => a.setupFeeMinor > 0 && !current.addons.some((c) => c.addonId === a.addonId))
    .map((a) => fee(a.name, a.setupFeeMinor));
  return [...options, ...addons];
}

/** The lines of a change at `at` (credit for the unused old, charge for the remaining new, setup fees it starts billing); zero lines are left out. */
export function planChangeLines(input: PlanChangeMathInput): PlanChangeMath {
  const math = prorationLines(input);
  const fees = addedSetupFees(input.current, input.next, input.subscriptionId);
  if (fees.length === 0) return math;
  return { ...math, lines: [...math.lines, ...fees], netMinor: fees.reduce((net, fee) => net + fee.unitAmountMinor, math.netMinor) };
}

function prorationLines(input: PlanChangeMathInput): PlanChangeMath {
  const { current, next, subscriptionId, at } = input;
  const direction = changeDirection(current, next);
  const oldTotal = recurringTotal(current);
  const newTotal = recurringTotal(next);
  const rest: Period = { start: at, end: input.periodEnd };
  const lines: InvoiceLineSpec[] = [];
  if (next.cycle !== current.cycle) {
    const change = prorateCycleChange({ oldPrice: oldTotal, newCyclePrice: newTotal, newCycle: next.cycle, periodStart: input.periodStart, periodEnd: input.periodEnd, at });
    if (change.credit.minor !== 0) lines.push(line(current, change.credit, `Unused time on ${current.plan.name}, ${day(at)} to ${day(input.periodEnd)}`, subscriptionId, rest));
    lines.push(...configurationLines(next, { subscriptionId, periodStart: change.newPeriod.start, periodEnd: change.newPeriod.end }));
    return { direction, cycleChange: true, lines, netMinor: change.net.minor, newPeriod: change.newPeriod };
  }
  const p = prorate({ oldPrice: oldTotal, newPrice: newTotal, periodStart: input.periodStart, periodEnd: input.periodEnd, at });
  if (p.credit.minor !== 0) lines.push(line(current, p.credit, `Unused time on ${current.plan.name}, ${day(at)} to ${day(input.periodEnd)}`, subscriptionId, rest));
  if (p.charge.minor !== 0) lines.push(line(next, p.charge, `Remaining time on ${next.plan.name}, ${day(at)} to ${day(input.periodEnd)}`, subscriptionId, rest));
  let net = p.net.minor;
  if (input.nextPeriodInvoiced && input.nextPeriodEnd && newTotal.minor !== oldTotal.minor) {
    // NOTE: the next period was invoiced at the old price; its difference is settled here in full.
    const following: Period = { start: input.periodEnd, end: input.nextPeriodEnd };
    lines.push(line(current, negate(oldTotal), `${current.plan.name}, next period already invoiced, ${day(following.start)} to ${day(following.end)}`, subscriptionId, following));
    lines.push(line(next, newTotal, `${next.plan.name}, next period, ${day(following.start)} to ${day(following.end)}`, subscriptionId, following));
    net += newTotal.minor - oldTotal.minor;
  }
  return { direction, cycleChange: false, lines, netMinor: net, newPeriod: null };
}
