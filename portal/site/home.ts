import express, { type Router } from 'express';
import { config } from '../../config/index.js';
import { asyncHandler } from '../../src/http/async.js';
import { Plan, PlanPrice } from '../../src/models/index.js';
import type { PlanType } from '../../src/models/enums.js';
import { getSetting } from '../../src/settings/index.js';
import { publicCache } from './cache.js';

/** The four things we sell, with the page that presents each. */
export const SERVICE_TYPES = [
  { type: 'vps', name: 'Cloud VPS', path: '/vps', icon: 'vps', blurb: 'KVM virtual servers on NVMe storage with dedicated resources, full root access and snapshots. Deployed in under a minute.' },
  { type: 'dedicated', name: 'Dedicated Servers', path: '/dedicated', icon: 'dedicated', blurb: 'Single-tenant bare metal with IPMI access, DDoS protection and hardware replaced by our team around the clock.' },
  { type: 'web', name: 'Web Hosting', path: '/web-hosting', icon: 'web', blurb: 'Managed hosting for sites and stores: free SSL, daily backups, one-click WordPress and email on every plan.' },
  { type: 'game', name: 'Game Servers', path: '/game-servers', icon: 'game', blurb: 'Low-latency servers for Minecraft, Rust, ARK and more, with a control panel, mod installer and instant setup.' },
] as const satisfies ReadonlyArray<{ type: PlanType; name: string; path: string; icon: string; blurb: string }>;

const CYCLE_SUFFIX = { monthly: '/mo', quarterly: '/quarter', semiannual: '/6 mo', annual: '/yr' } as const;
const CYCLE_ORDER = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
const TYPE_LABEL: Record<PlanType, string> = { vps: 'VPS', dedicated: 'Dedicated', web: 'Web Hosting', game: 'Game Server', mysql: 'Database' };

export interface FeaturedPlan {
  slug: string;
  name: string;
  typeLabel: string;
  summary: string | null;
  badge: string | null;
  /** The "most popular" plan is highlighted. */
  highlighted: boolean;
  /** What the card lists: the plan's feature bullets, else lines built from its specs. */
  bullets: string[];
  price: { amountMinor: number; currency: string; suffix: string };
  inStock: boolean;
  /** The pricing page tab and cycle that list this plan, with its card as the anchor. */
  pricingHref: string;
}

function specLines(plan: Plan): string[] {
  const s = plan.specs ?? {};
  const lines: string[] = [];
  if (s.cpuCores) lines.push(`${s.cpuCores} vCPU${s.cpuCores === 1 ? '' : 's'}`);
  if (s.memoryMb) lines.push(s.memoryMb >= 1024 && s.memoryMb % 1024 === 0 ? `${s.memoryMb / 1024} GB RAM` : `${s.memoryMb} MB RAM`);
  if (s.diskGb) lines.push(`${s.diskGb} GB NVMe`);
  if (plan.bandwidthQuotaGb === null) lines.push('Unmetered bandwidth');
  else if (plan.bandwidthQuotaGb) lines.push(`${plan.bandwidthQuotaGb >= 1000 && plan.bandwidthQuotaGb % 1000 === 0 ? `${plan.bandwidthQuotaGb / 1000} TB` : `${plan.bandwidthQuotaGb} GB`} bandwidth`);
  return lines;
}

/** Up to three public plans, badged ones first, each with its shortest-cycle price in the base currency. */
export async function featuredPlans(limit = 3): Promise<FeaturedPlan[]> {
  const currency = config().baseCurrency;
  const plans = await Plan.findAll({
    where: { visibility: 'public', archivedAt: null },
    include: [{ model: PlanPrice, as: 'prices', where: { active: true, currency }, required: true }],
    order: [['sortOrder', 'ASC'], ['id', 'ASC']],
  });
  const ranked = [...plans].sort((a, b) => Number(Boolean(b.badge)) - Number(Boolean(a.badge)));
  return ranked.slice(0, limit).map((plan) => {
    const price = [...(plan.prices ?? [])].sort((a, b) => CYCLE_ORDER.indexOf(a.cycle) - CYCLE_ORDER.indexOf(b.cycle))[0]!;
    return {
      slug: plan.slug,
      name: plan.name,
      typeLabel: TYPE_LABEL[plan.type],
      summary: plan.summary,
      badge: plan.badge === 'popular' ? 'Most popular' : plan.badge === 'best_value' ? 'Best value' : null,
      highlighted: plan.badge === 'popular',
      bullets: (plan.features?.length ? plan.features : specLines(plan)).slice(0, 6),
      price: { amountMinor: price.amountMinor, currency: price.currency, suffix: CYCLE_SUFFIX[price.cycle] },
      inStock: plan.inStock,
      pricingHref: `/pricing?${new URLSearchParams({ type: plan.type, cycle: price.cycle }).toString()}#plan-${plan.slug}`,
    };
  });
}

/** Uptime, customers and years, as configured in settings (group "site"). */
export async function trustIndicators(): Promise<Array<{ value: string; label: string }>> {
  const [uptime, customers, years] = await Promise.all([
    getSetting('site.trust.uptime_percent'),
    getSetting('site.trust.customers_text'),
    getSetting('site.trust.years_in_business'),
  ]);
  const out: Array<{ value: string; label: string }> = [];
  if (uptime) out.push({ value: `${uptime}%`, label: 'Network uptime' });
  if (customers) out.push({ value: String(customers), label: 'Customers served' });
  if (years) out.push({ value: `${years}+`, label: `Year${years === 1 ? '' : 's'} in business` });
  return out;
}

/** The marketing home page: public, cacheable (no session), revalidated by ETag. */
export const homeRouter: Router = express.Router();

homeRouter.get(
  '/',
  publicCache,
  asyncHandler(async (_req, res) => {
    const [featured, trust] = await Promise.all([featuredPlans(), trustIndicators()]);
    const appName = config().appName;
    res.render('site/home', {
      layout: 'site',
      pageTitle: `${appName}: VPS, dedicated servers, web hosting and game servers`,
      metaDescription: 'Fast NVMe cloud VPS, bare-metal dedicated servers, managed web hosting and game servers, billed simply and supported by engineers 24/7.',
      canonicalPath: '/',
      services: SERVICE_TYPES,
      featured,
      trust,
    });
  }),
);

