import { listOrderablePlans, type OrderablePlan } from '../billing/catalog/list-orderable-plans.js';
import { CYCLE_LABELS } from '../billing/catalog/configuration.js';
import type { BillingCycle } from '../models/enums.js';
import type { Subscription } from '../models/index.js';

/** A plan a subscription can move to, with its prices in the subscription's currency. */
export interface PlanChoice {
  readonly id: number;
  readonly name: string;
  readonly summary: string | null;
  readonly current: boolean;
  readonly prices: ReadonlyArray<{ cycle: BillingCycle; cycleLabel: string; amountMinor: number }>;
}

/**
 * The plans a subscription may change to: the storefront's plans of the same type in its currency,
 * in stock (a plan out of stock cannot take one more service), plus its own plan for cycle changes.
 */
export async function listPlanChoices(subscription: Subscription): Promise<PlanChoice[]> {
  const plans = await listOrderablePlans({ type: subscription.plan?.type, currency: subscription.currency });
  const usable = (p: OrderablePlan) => p.id === subscription.planId || (p.inStock && !p.requiresReview);
  return plans.filter(usable).map((p) => ({
    id: p.id,
    name: p.name,
    summary: p.summary,
    current: p.id === subscription.planId,
    prices: p.prices.map((price) => ({ cycle: price.cycle, cycleLabel: CYCLE_LABELS[price.cycle], amountMinor: price.amountMinor })),
  }));
}
