import { Op } from 'sequelize';
import type { BillingCycle, CurrencyCode, PlanType } from '../../models/enums.js';
import { Plan } from '../../models/plan.js';
import { PlanPrice } from '../../models/plan-price.js';
import { BILLING_CYCLES } from '../periods.js';

/** A plan on the storefront with its prices in one currency, shortest cycle first. */
export interface OrderablePlan {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly type: PlanType;
  readonly summary: string | null;
  readonly features: string[];
  readonly badge: string | null;
  readonly inStock: boolean;
  /** Out of stock but customers may join the waitlist. */
  readonly waitlist: boolean;
  readonly requiresReview: boolean;
  readonly prices: ReadonlyArray<{ cycle: BillingCycle; amountMinor: number; setupFeeMinor: number }>;
}

/**
 * The storefront: public, non-archived plans (of one type, or all) with an active price in `currency`.
 * NOTE: hidden plans are not listed but stay orderable by direct link; archived plans are neither
 * listed nor orderable, while their existing subscriptions keep renewing at their locked price.
 */
export async function listOrderablePlans(input: { type?: PlanType; currency: CurrencyCode }): Promise<OrderablePlan[]> {
  const plans = await Plan.findAll({
    where: { visibility: 'public', archivedAt: null, ...(input.type ? { type: input.type } : {}) },
    order: [['sortOrder', 'ASC'], ['id', 'ASC']],
  });
  if (plans.length === 0) return [];
  const prices = await PlanPrice.findAll({ where: { planId: { [Op.in]: plans.map((p) => p.id) }, currency: input.currency, active: true } });
  const order = (c: BillingCycle) => BILLING_CYCLES.indexOf(c);
  return plans
    .map((plan) => ({
      id: plan.id,
      slug: plan.slug,
      name: plan.name,
      type: plan.type,
      summary: plan.summary ?? null,
      features: plan.features ?? [],
      badge: plan.badge ?? null,
      inStock: plan.inStock,
      waitlist: !plan.inStock && plan.waitlistEnabled,
      requiresReview: plan.requiresReview,
      prices: prices
        .filter((p) => p.planId === plan.id)
        .sort((a, b) => order(a.cycle) - order(b.cycle))
        .map((p) => ({ cycle: p.cycle, amountMinor: Number(p.amountMinor), setupFeeMinor: Number(p.setupFeeMinor) })),
    }))
    .filter((p) => p.prices.length > 0);
}
