// NOTE: What a renewal invoice bills, computed without the database so that a batch of a thousand
// subscriptions and a single one produce the same lines: the locked plan price, options above the
// plan's included quantity at their locked unit prices, active add-ons, and the subscription's coupon
// while it has periods left. A scheduled plan or cycle change prices the next period with the
// scheduled plan (`override`), since that is what the customer will have in it.
import type { BillingCycle, CurrencyCode, SubscriptionStatus } from '../../models/enums.js';
import type { Configuration, ConfiguredAddon, ConfiguredOption, PlanFacts } from '../catalog/configuration.js';
import { configurationLines } from '../catalog/configuration.js';
import type { InvoiceCouponSpec, InvoiceLineSpec } from '../invoices/invoice-types.js';
import { periodEnd } from '../periods.js';

/** The subscription columns a renewal reads. */
export interface RenewalRow {
  readonly id: number;
  readonly customerId: number;
  readonly planId: number;
  readonly status: SubscriptionStatus;
  readonly cycle: BillingCycle;
  readonly currency: CurrencyCode;
  readonly priceMinor: number;
  readonly anchorDay: number;
  readonly currentPeriodEnd: Date;
  readonly couponId: number | null;
  readonly couponPeriodsRemaining: number | null;
  readonly scheduledPlanId: number | null;
  readonly scheduledCycle: BillingCycle | null;
}

/** A subscription_options row. */
export interface OptionRow {
  readonly subscriptionId: number;
  readonly optionId: number;
  readonly quantity: number;
  readonly choice: string | null;
  readonly unitPriceMinor: number;
}

/** An active subscription_addons row. */
export interface AddonRow {
  readonly subscriptionId: number;
  readonly addonId: number;
  readonly quantity: number;
  readonly priceMinor: number;
}

/** Catalog facts shared by a run: plans, included quantities, option and add-on names, coupons. */
export interface RenewalCatalog {
  readonly plans: ReadonlyMap<number, PlanFacts>;
  /** `${planId}:${optionId}` -> units included in the plan. */
  readonly included: ReadonlyMap<string, number>;
  readonly options: ReadonlyMap<number, { name: string; choices: ReadonlyArray<{ value: string; label: string }> | null }>;
  readonly addons: ReadonlyMap<number, string>;
  readonly coupons: ReadonlyMap<number, InvoiceCouponSpec>;
}

/** The next period priced with a scheduled plan or cycle (prices from the catalog). */
export interface RenewalOverride {
  readonly plan: PlanFacts;
  readonly cycle: BillingCycle;
  readonly priceMinor: number;
  /** Unit prices for the new cycle by option id (when the cycle changes). */
  readonly optionPrices?: ReadonlyMap<number, number>;
  /** Prices for the new cycle by add-on id (when the cycle changes). */
  readonly addonPrices?: ReadonlyMap<number, number>;
}

/** Everything one renewal invoice needs. */
export interface RenewalSubject {
  readonly subscriptionId: number;
  readonly customerId: number;
  readonly currency: CurrencyCode;
  readonly key: string;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly config: Configuration;
  readonly coupon: InvoiceCouponSpec | null;
  readonly lines: InvoiceLineSpec[];
}

/** The idempotency key of the renewal invoice of a subscription's period starting at `periodStart`. */
export function renewalKey(subscriptionId: number, periodStart: Date): string {
  return `renewal:${subscriptionId}:${periodStart.toISOString()}`;
}

/** Whether the subscription's coupon still discounts its next period (null periods = forever). */
export function couponAppliesToNextPeriod(row: Pick<RenewalRow, 'couponId' | 'couponPeriodsRemaining'>): boolean {
  return row.couponId != null && (row.couponPeriodsRemaining == null || row.couponPeriodsRemaining > 0);
}

/** The configuration a subscription bills per period, from its rows (or a scheduled plan/cycle override). */
export function subscriptionConfiguration(
  row: Pick<RenewalRow, 'id' | 'planId' | 'cycle' | 'currency' | 'priceMinor'>,
  options: readonly OptionRow[],
  addons: readonly AddonRow[],
  catalog: RenewalCatalog,
  override?: RenewalOverride,
): Configuration {
  const plan = override?.plan ?? catalog.plans.get(row.planId);
  if (!plan) throw new Error(`Plan ${row.planId} of subscription ${row.id} is not loaded`);
  const configured: ConfiguredOption[] = options.map((o) => {
    const facts = catalog.options.get(o.optionId);
    const label = o.choice ? (facts?.choices?.find((c) => c.value === o.choice)?.label ?? o.choice) : null;
    const included = o.choice ? 0 : (catalog.included.get(`${plan.id}:${o.optionId}`) ?? 0);
    return {
      optionId: o.optionId,
      name: facts?.name ?? `Option ${o.optionId}`,
      quantity: o.quantity,
      chargeable: o.choice ? 1 : Math.max(0, o.quantity - included),
      choice: o.choice,
      choiceLabel: label,
      unitPriceMinor: override?.optionPrices?.get(o.optionId) ?? o.unitPriceMinor,
      setupFeeMinor: 0,
    };
  });
  const configuredAddons: ConfiguredAddon[] = addons.map((a) => ({
    addonId: a.addonId,
    name: catalog.addons.get(a.addonId) ?? `Add-on ${a.addonId}`,
    quantity: a.quantity,
    priceMinor: override?.addonPrices?.get(a.addonId) ?? a.priceMinor,
    setupFeeMinor: 0,
  }));
  return {
    plan,
    cycle: override?.cycle ?? row.cycle,
    currency: row.currency,
    priceMinor: override?.priceMinor ?? row.priceMinor,
    setupFeeMinor: 0,
    options: configured,
    addons: configuredAddons,
  };
}

/** Builds the renewal of the period that starts when the current one ends. */
export function renewalSubject(
  row: RenewalRow,
  options: readonly OptionRow[],
  addons: readonly AddonRow[],
  catalog: RenewalCatalog,
  override?: RenewalOverride,
): RenewalSubject {
  const config = subscriptionConfiguration(row, options, addons, catalog, override);
  const start = row.currentPeriodEnd;
  const end = periodEnd(start, config.cycle, row.anchorDay);
  const coupon = couponAppliesToNextPeriod(row) ? (catalog.coupons.get(row.couponId as number) ?? null) : null;
  return {
    subscriptionId: row.id,
    customerId: row.customerId,
    currency: row.currency,
    key: renewalKey(row.id, start),
    periodStart: start,
    periodEnd: end,
    config,
    coupon,
    lines: configurationLines(config, { subscriptionId: row.id, periodStart: start, periodEnd: end }),
  };
}
