import { listOrderablePlans } from '../billing/catalog/list-orderable-plans.js';
import { money, multiply, ratio, subtract } from '../billing/money.js';
import { CYCLE_MONTHS } from '../billing/periods.js';
import { BILLING_CYCLES, OFFERED_CURRENCIES, PLAN_TYPES, type BillingCycle, type OfferedCurrency, type PlanType } from '../models/enums.js';
import { Plan } from '../models/plan.js';

/** Labels the storefront shows for each plan type, with its product page. */
export const TYPE_INFO: Record<PlanType, { label: string; path: string | null }> = {
  vps: { label: 'Cloud VPS', path: '/vps' },
  dedicated: { label: 'Dedicated', path: '/dedicated' },
  web: { label: 'Web Hosting', path: '/web-hosting' },
  game: { label: 'Game Servers', path: '/game-servers' },
  mysql: { label: 'Databases', path: null },
};

export const CYCLE_LABELS: Record<BillingCycle, { label: string; suffix: string }> = {
  monthly: { label: 'Monthly', suffix: '/mo' },
  quarterly: { label: 'Quarterly', suffix: '/quarter' },
  semiannual: { label: 'Every 6 months', suffix: '/6 mo' },
  annual: { label: 'Annual', suffix: '/yr' },
};

/** One plan as a pricing card or comparison row shows it, in one cycle and currency. */
export interface PlanCard {
  slug: string;
  name: string;
  type: PlanType;
  summary: string | null;
  features: string[];
  badge: { key: string; label: string } | null;
  inStock: boolean;
  waitlist: boolean;
  currency: OfferedCurrency;
  cycle: BillingCycle;
  cycleSuffix: string;
  amountMinor: number;
  setupFeeMinor: number;
  /** The cycle price spread over its months (rounded half up by the money module). */
  monthlyEquivalentMinor: number;
  /** What paying monthly for the same months would cost more; 0 on the monthly cycle. */
  savingMinor: number;
  orderQuery: string;
}

const BADGES: Record<string, string> = { popular: 'Popular', best_value: 'Best Value' };

/** Parses `?type=`, falling back to `fallback`. */
export function parsePlanType(value: unknown, fallback: PlanType = 'vps'): PlanType {
  return (PLAN_TYPES as readonly string[]).includes(String(value)) ? (value as PlanType) : fallback;
}

/** Parses `?cycle=`, falling back to monthly. */
export function parseCycle(value: unknown): BillingCycle {
  return (BILLING_CYCLES as readonly string[]).includes(String(value)) ? (value as BillingCycle) : 'monthly';
}

/** Parses a currency code we offer, or null. */
export function parseCurrency(value: unknown): OfferedCurrency | null {
  const code = String(value ?? '').toUpperCase();
  return (OFFERED_CURRENCIES as readonly string[]).includes(code) ? (code as OfferedCurrency) : null;
}

/** The public plans of a type (or all) priced in one cycle and currency, from the live catalog. */
export async function planCards(input: { type?: PlanType; cycle: BillingCycle; currency: OfferedCurrency }): Promise<PlanCard[]> {
  const plans = await listOrderablePlans({ type: input.type, currency: input.currency });
  const cards: PlanCard[] = [];
  for (const plan of plans) {
    const price = plan.prices.find((p) => p.cycle === input.cycle);
    if (!price) continue;
    const months = CYCLE_MONTHS[input.cycle];
    const cyclePrice = money(price.amountMinor, input.currency);
    const monthly = plan.prices.find((p) => p.cycle === 'monthly');
    // NOTE: the saving compares with paying the monthly price for the same months; never negative.
    const saving = monthly ? subtract(multiply(money(monthly.amountMinor, input.currency), months), cyclePrice).minor : 0;
    cards.push({
      slug: plan.slug,
      name: plan.name,
      type: plan.type,
      summary: plan.summary,
      features: plan.features,
      badge: plan.badge && BADGES[plan.badge] ? { key: plan.badge, label: BADGES[plan.badge]! } : null,
      inStock: plan.inStock,
      waitlist: plan.waitlist,
      currency: input.currency,
      cycle: input.cycle,
      cycleSuffix: CYCLE_LABELS[input.cycle].suffix,
      amountMinor: price.amountMinor,
      setupFeeMinor: price.setupFeeMinor,
      monthlyEquivalentMinor: ratio(cyclePrice, 1, months).minor,
      savingMinor: Math.max(0, saving),
      orderQuery: new URLSearchParams({ plan: plan.slug, cycle: input.cycle, currency: input.currency }).toString(),
    });
  }
  return cards;
}

/** Plan descriptions keyed by slug (the storefront list carries only the summary). */
export async function planDescriptions(slugs: string[]): Promise<Map<string, { description: string | null; game: string | null }>> {
  const rows = await Plan.findAll({ where: { slug: slugs } });
  return new Map(rows.map((p) => [p.slug, { description: p.description ?? null, game: typeof p.panelConfig?.game === 'string' ? p.panelConfig.game : null }]));
}

/** Every public plan slug with its type, for the sitemap. */
export async function publicPlanSlugs(): Promise<Array<{ slug: string; type: PlanType }>> {
  const rows = await Plan.findAll({ where: { visibility: 'public', archivedAt: null }, attributes: ['slug', 'type'], order: [['sortOrder', 'ASC'], ['id', 'ASC']] });
  return rows.map((r) => ({ slug: r.slug, type: r.type }));
}
