// NOTE: A configuration is what one subscription bills every period: the plan at its price, config
// options beyond what the plan includes, and add-ons. Quantity options store the absolute amount the
// customer chose (the panel takes it as is) and bill only the units above the plan's included
// quantity; a select option bills the price of its choice (free when the choice has no price row).
import type { BillingCycle, CurrencyCode, PlanType } from '../../models/enums.js';
import type { InvoiceLineSpec } from '../invoices/invoice-types.js';
import { money, multiply, sum, type Money } from '../money.js';

/** Display names of the billing cycles. */
export const CYCLE_LABELS: Readonly<Record<BillingCycle, string>> = {
  monthly: 'monthly',
  quarterly: 'quarterly',
  semiannual: 'semi-annual',
  annual: 'annual',
};

/** The plan facts billing needs. */
export interface PlanFacts {
  readonly id: number;
  readonly name: string;
  readonly type: PlanType;
  readonly taxable: boolean;
}

/** A config option as configured on a subscription. */
export interface ConfiguredOption {
  readonly optionId: number;
  readonly name: string;
  /** Stored on the subscription: the amount chosen (quantity options) or 1 (select options). */
  readonly quantity: number;
  /** Units billed: the amount above the plan's included quantity, or 1 for a select option. */
  readonly chargeable: number;
  readonly choice: string | null;
  readonly choiceLabel: string | null;
  readonly unitPriceMinor: number;
  readonly setupFeeMinor: number;
}

/** An add-on as configured on a subscription; included add-ons cost nothing. */
export interface ConfiguredAddon {
  readonly addonId: number;
  readonly name: string;
  readonly quantity: number;
  readonly priceMinor: number;
  readonly setupFeeMinor: number;
}

/** Everything one subscription bills for one period. */
export interface Configuration {
  readonly plan: PlanFacts;
  readonly cycle: BillingCycle;
  readonly currency: CurrencyCode;
  readonly priceMinor: number;
  readonly setupFeeMinor: number;
  readonly options: readonly ConfiguredOption[];
  readonly addons: readonly ConfiguredAddon[];
}

/** What the lines are for: the subscription, the period, and whether one-time setup fees are billed. */
export interface LineContext {
  readonly subscriptionId?: number | null;
  readonly periodStart?: Date | null;
  readonly periodEnd?: Date | null;
  readonly setupFees?: boolean;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** "VPS Large, monthly, 2025-01-31 to 2025-02-28" (the period only when known). */
export function planLineDescription(plan: PlanFacts, cycle: BillingCycle, start?: Date | null, end?: Date | null): string {
  const period = start && end ? `, ${day(start)} to ${day(end)}` : '';
  return `${plan.name}, ${CYCLE_LABELS[cycle]}${period}`.slice(0, 255);
}

/** The recurring amount of one period: plan + chargeable options + add-ons. */
export function recurringTotal(config: Configuration): Money {
  const parts: Money[] = [money(config.priceMinor, config.currency)];
  for (const o of config.options) parts.push(multiply(money(o.unitPriceMinor, config.currency), o.chargeable));
  for (const a of config.addons) parts.push(multiply(money(a.priceMinor, config.currency), a.quantity));
  return sum(parts, config.currency);
}

/** The invoice lines of one period of a configuration (plan, setup fees, options, add-ons); zero lines are left out. */
export function configurationLines(config: Configuration, at: LineContext = {}): InvoiceLineSpec[] {
  const { plan } = config;
  const common = {
    planId: plan.id,
    planType: plan.type,
    taxable: plan.taxable,
    subscriptionId: at.subscriptionId ?? null,
    periodStart: at.periodStart ?? null,
    periodEnd: at.periodEnd ?? null,
  };
  const lines: InvoiceLineSpec[] = [
    { ...common, kind: 'plan', description: planLineDescription(plan, config.cycle, at.periodStart, at.periodEnd), unitAmountMinor: config.priceMinor },
  ];
  if (at.setupFees && config.setupFeeMinor > 0) {
    lines.push({ ...common, kind: 'setup_fee', description: `Setup fee: ${plan.name}`.slice(0, 255), unitAmountMinor: config.setupFeeMinor, periodStart: null, periodEnd: null });
  }
  for (const o of config.options) {
    if (o.chargeable <= 0 || o.unitPriceMinor <= 0) continue;
    const name = o.choiceLabel ? `${o.name}: ${o.choiceLabel}` : o.name;
    lines.push({ ...common, kind: 'option', description: name.slice(0, 255), quantity: o.chargeable, unitAmountMinor: o.unitPriceMinor });
    if (at.setupFees && o.setupFeeMinor > 0) {
      lines.push({ ...common, kind: 'setup_fee', description: `Setup fee: ${name}`.slice(0, 255), unitAmountMinor: o.setupFeeMinor, periodStart: null, periodEnd: null });
    }
  }
  for (const a of config.addons) {
    if (a.priceMinor > 0) lines.push({ ...common, kind: 'addon', description: a.name.slice(0, 255), quantity: a.quantity, unitAmountMinor: a.priceMinor });
    if (at.setupFees && a.setupFeeMinor > 0) {
      lines.push({ ...common, kind: 'setup_fee', description: `Setup fee: ${a.name}`.slice(0, 255), unitAmountMinor: a.setupFeeMinor, periodStart: null, periodEnd: null });
    }
  }
  return lines;
}
