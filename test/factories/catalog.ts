import type { CreationAttributes } from 'sequelize';
import { clock } from '../../src/lib/clock.js';
import {
  Addon,
  AddonPrice,
  ConfigOption,
  ConfigOptionPrice,
  Coupon,
  CouponAmount,
  Plan,
  PlanAddon,
  PlanConfigOption,
  PlanPrice,
  initModels,
} from '../../src/models/index.js';
import { BILLING_CYCLES, CURRENCY_CODES, type BillingCycle, type CurrencyCode, type DriverName, type PlanType } from '../../src/models/enums.js';

let seq = 0;
const unique = (): string => `${process.pid}-${++seq}`;
const DAY = 86_400_000;

/** The driver each plan type is provisioned with unless a test says otherwise. */
export const DRIVER_FOR_TYPE: Record<PlanType, DriverName> = { vps: 'virtfusion', dedicated: 'synergycp', web: 'enhance', game: 'pterodactyl', mysql: 'manual' };

/** The monthly price of a factory plan (minor units) in every currency unless a test sets `monthlyMinor`. */
export const DEFAULT_MONTHLY_MINOR = 1000;
const CYCLE_MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

export type PlanTrait = PlanType | 'hidden' | 'archived' | 'limitedStock' | 'soldOut' | 'requiresReview' | 'popular' | 'metered' | 'noPrices' | 'allPrices';
export type PlanAttrs = Partial<CreationAttributes<Plan>> & { monthlyMinor?: number; setupFeeMinor?: number };

/**
 * A plan with a monthly USD price of `monthlyMinor` (on `plan.prices`). Traits: a plan type ('vps', 'dedicated', 'web',
 * 'game', 'mysql'; vps by default; the driver follows the type), 'hidden', 'archived', 'limitedStock' (stock 1),
 * 'soldOut' (stock 0), 'requiresReview', 'popular', 'metered' (1000 GB quota, 0.50/GB overage), 'noPrices',
 * 'allPrices' (every cycle in every currency, longer cycles at month x cycle).
 */
export async function createPlan(attrs: PlanAttrs = {}, ...traits: PlanTrait[]): Promise<Plan> {
  initModels();
  const { monthlyMinor = DEFAULT_MONTHLY_MINOR, setupFeeMinor = 0, ...rest } = attrs;
  const has = (t: PlanTrait) => traits.includes(t);
  const type = rest.type ?? (traits.find((t): t is PlanType => t in DRIVER_FOR_TYPE) as PlanType | undefined) ?? 'vps';
  const n = unique();
  const plan = await Plan.create({
    slug: `${type}-plan-${n}`,
    name: `${type.toUpperCase()} Plan ${n}`,
    type,
    driver: DRIVER_FOR_TYPE[type],
    description: 'A plan made by a test.',
    features: ['2 vCPU', '4 GB RAM'],
    panelConfig: { packageId: 1 },
    ...(has('hidden') ? { visibility: 'hidden' as const } : {}),
    ...(has('archived') ? { archivedAt: clock.now() } : {}),
    ...(has('limitedStock') ? { stock: 1 } : {}),
    ...(has('soldOut') ? { stock: 0 } : {}),
    ...(has('requiresReview') ? { requiresReview: true } : {}),
    ...(has('popular') ? { badge: 'popular' as const } : {}),
    ...(has('metered') ? { bandwidthQuotaGb: 1000 } : {}),
    ...rest,
  });
  const prices: PlanPrice[] = [];
  if (!has('noPrices')) {
    const cycles: readonly BillingCycle[] = has('allPrices') ? BILLING_CYCLES : ['monthly'];
    const currencies: readonly CurrencyCode[] = has('allPrices') ? CURRENCY_CODES : ['USD'];
    for (const cycle of cycles) {
      for (const currency of currencies) {
        prices.push(
          await createPlanPrice({
            plan,
            cycle,
            currency,
            amountMinor: monthlyMinor * CYCLE_MONTHS[cycle],
            setupFeeMinor,
            ...(has('metered') ? { overageRateMinorPerGb: 50 } : {}),
          }),
        );
      }
    }
  }
  plan.prices = prices;
  return plan;
}

/** A price of `plan` (monthly USD 1000 unless given). */
export async function createPlanPrice(attrs: Partial<CreationAttributes<PlanPrice>> & { plan?: Plan } = {}): Promise<PlanPrice> {
  const { plan, ...rest } = attrs;
  const planId = rest.planId ?? (plan ?? (await createPlan({}, 'noPrices'))).id;
  return PlanPrice.create({ cycle: 'monthly', currency: 'USD', amountMinor: DEFAULT_MONTHLY_MINOR, ...rest, planId });
}

export type ConfigOptionTrait = 'select' | 'inactive' | 'noPrices';

/**
 * A config option (a quantity of GB of RAM unless 'select': an OS licence choice), priced monthly in USD at 200 per
 * unit (or per Windows choice) on `option.prices`. Traits: 'select', 'inactive', 'noPrices'.
 */
export async function createConfigOption(attrs: Partial<CreationAttributes<ConfigOption>> = {}, ...traits: ConfigOptionTrait[]): Promise<ConfigOption> {
  initModels();
  const n = unique().replace('-', '_');
  const select = traits.includes('select');
  const option = await ConfigOption.create({
    code: select ? `os_licence_${n}` : `extra_ram_${n}`,
    name: select ? 'OS licence' : 'Extra RAM',
    unit: select ? null : 'GB',
    kind: select ? 'select' : 'quantity',
    min: 0,
    max: select ? null : 64,
    panelKey: select ? 'osTemplate' : 'memoryMb',
    choices: select ? [{ value: 'linux', label: 'Linux' }, { value: 'windows', label: 'Windows Server', panelValue: 'win2022' }] : null,
    ...(traits.includes('inactive') ? { active: false } : {}),
    ...attrs,
  });
  option.prices = traits.includes('noPrices') ? [] : [await createConfigOptionPrice({ option, ...(select ? { choice: 'windows' } : {}) })];
  return option;
}

/** A price of a config option (monthly USD 200 per unit unless given). */
export async function createConfigOptionPrice(attrs: Partial<CreationAttributes<ConfigOptionPrice>> & { option?: ConfigOption } = {}): Promise<ConfigOptionPrice> {
  const { option, ...rest } = attrs;
  const optionId = rest.optionId ?? (option ?? (await createConfigOption({}, 'noPrices'))).id;
  return ConfigOptionPrice.create({ cycle: 'monthly', currency: 'USD', unitAmountMinor: 200, ...rest, optionId });
}

/** Offers `option` on `plan` (both created when not given). */
export async function createPlanConfigOption(
  attrs: Partial<CreationAttributes<PlanConfigOption>> & { plan?: Plan; option?: ConfigOption } = {},
): Promise<PlanConfigOption> {
  const { plan, option, ...rest } = attrs;
  const planId = rest.planId ?? (plan ?? (await createPlan())).id;
  const optionId = rest.optionId ?? (option ?? (await createConfigOption())).id;
  return PlanConfigOption.create({ ...rest, planId, optionId });
}

export type AddonTrait = 'backups' | 'snapshots' | 'extra_ip' | 'managed_support' | 'inactive' | 'noPrices';

/** An addon (backups unless a kind trait says otherwise) priced monthly in USD at 300 (on `addon.prices`). Traits: a kind, 'inactive', 'noPrices'. */
export async function createAddon(attrs: Partial<CreationAttributes<Addon>> = {}, ...traits: AddonTrait[]): Promise<Addon> {
  initModels();
  const kind = (['snapshots', 'extra_ip', 'managed_support'] as const).find((k) => traits.includes(k)) ?? 'backups';
  const addon = await Addon.create({
    code: `${kind}_${unique().replace('-', '_')}`,
    name: kind.replace('_', ' '),
    kind,
    ...(traits.includes('inactive') ? { active: false } : {}),
    ...attrs,
  });
  addon.prices = traits.includes('noPrices') ? [] : [await createAddonPrice({ addon })];
  return addon;
}

/** A price of an addon (monthly USD 300 unless given). */
export async function createAddonPrice(attrs: Partial<CreationAttributes<AddonPrice>> & { addon?: Addon } = {}): Promise<AddonPrice> {
  const { addon, ...rest } = attrs;
  const addonId = rest.addonId ?? (addon ?? (await createAddon({}, 'noPrices'))).id;
  return AddonPrice.create({ cycle: 'monthly', currency: 'USD', amountMinor: 300, ...rest, addonId });
}

/** Offers `addon` on `plan` (both created when not given). */
export async function createPlanAddon(attrs: Partial<CreationAttributes<PlanAddon>> & { plan?: Plan; addon?: Addon } = {}): Promise<PlanAddon> {
  const { plan, addon, ...rest } = attrs;
  const planId = rest.planId ?? (plan ?? (await createPlan())).id;
  const addonId = rest.addonId ?? (addon ?? (await createAddon())).id;
  return PlanAddon.create({ ...rest, planId, addonId });
}

export type CouponTrait = 'percent' | 'fixed' | 'noAmounts' | 'repeating' | 'forever' | 'expired' | 'notYetValid' | 'inactive' | 'exhausted' | 'newCustomersOnly';

/**
 * A coupon: 10 % off once by default. Traits: 'percent' (the default), 'fixed' (500 off in USD, on `coupon.amounts`),
 * 'noAmounts' (a fixed coupon without amounts yet), 'repeating' (3 periods), 'forever', 'expired', 'notYetValid', 'inactive', 'exhausted' (max 1, redeemed once),
 * 'newCustomersOnly'.
 */
export async function createCoupon(attrs: Partial<CreationAttributes<Coupon>> = {}, ...traits: CouponTrait[]): Promise<Coupon> {
  initModels();
  const has = (t: CouponTrait) => traits.includes(t);
  const now = clock.now().getTime();
  const fixed = has('fixed');
  const coupon = await Coupon.create({
    code: `SAVE-${unique()}`,
    description: fixed ? '5.00 off' : '10% off',
    kind: fixed ? 'fixed' : 'percent',
    percentBp: fixed ? null : 1000,
    duration: has('repeating') ? 'repeating' : has('forever') ? 'forever' : 'once',
    durationPeriods: has('repeating') ? 3 : null,
    ...(has('expired') ? { validFrom: new Date(now - 30 * DAY), validUntil: new Date(now - DAY) } : {}),
    ...(has('notYetValid') ? { validFrom: new Date(now + DAY), validUntil: new Date(now + 30 * DAY) } : {}),
    ...(has('inactive') ? { active: false } : {}),
    ...(has('exhausted') ? { maxRedemptions: 1, timesRedeemed: 1 } : {}),
    ...(has('newCustomersOnly') ? { newCustomersOnly: true } : {}),
    ...attrs,
  });
  coupon.amounts = fixed && !has('noAmounts') ? [await createCouponAmount({ coupon })] : [];
  return coupon;
}

/** The amount of a fixed coupon in a currency (USD 500 unless given). */
export async function createCouponAmount(attrs: Partial<CreationAttributes<CouponAmount>> & { coupon?: Coupon } = {}): Promise<CouponAmount> {
  const { coupon, ...rest } = attrs;
  const couponId = rest.couponId ?? (coupon ?? (await createCoupon({}, 'fixed', 'noAmounts'))).id;
  return CouponAmount.create({ currency: 'USD', amountMinor: 500, ...rest, couponId });
}
