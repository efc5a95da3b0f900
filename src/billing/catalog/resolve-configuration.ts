import { Op } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Addon } from '../../models/addon.js';
import { AddonPrice } from '../../models/addon-price.js';
import { ConfigOption } from '../../models/config-option.js';
import { ConfigOptionPrice } from '../../models/config-option-price.js';
import type { BillingCycle, CurrencyCode } from '../../models/enums.js';
import { Plan } from '../../models/plan.js';
import { PlanAddon } from '../../models/plan-addon.js';
import { PlanConfigOption } from '../../models/plan-config-option.js';
import type { Configuration, ConfiguredAddon, ConfiguredOption } from './configuration.js';
import { getPlanPrice } from './get-plan-price.js';

/** What the customer picks: plan, cycle, currency, option values by code, add-on codes. */
export interface ConfigurationRequest {
  readonly planId: number;
  readonly cycle: BillingCycle;
  readonly currency: CurrencyCode;
  readonly options?: Readonly<Record<string, number | string>>;
  readonly addons?: readonly string[];
}

/** A plan that can be ordered: it exists and is not archived (hidden plans can, by direct link). */
export async function loadOrderablePlan(planId: number, ctx?: Pick<Ctx, 'transaction'>): Promise<Plan> {
  const plan = await Plan.findByPk(planId, { transaction: ctx?.transaction });
  if (!plan) throw new NotFoundError('plan_not_found', `Plan ${planId} not found`);
  if (plan.archivedAt) throw new ConflictError('plan_archived', `Plan ${plan.name} is no longer sold`);
  return plan;
}

function quantityOf(option: ConfigOption, offer: PlanConfigOption, value: number | string | undefined): number {
  const min = offer.minOverride ?? option.min;
  const max = offer.maxOverride ?? option.max;
  const chosen = value === undefined ? (option.defaultValue ?? Math.max(min, offer.includedQuantity)) : Number(value);
  const step = option.step || 1;
  if (!Number.isSafeInteger(chosen) || chosen < min || (max != null && chosen > max) || (chosen - min) % step !== 0) {
    throw new ValidationError('option_invalid_quantity', `${option.name}: ${String(value)} is not allowed (from ${min}${max != null ? ` to ${max}` : ''} in steps of ${step})`, { option: option.code });
  }
  return chosen;
}

async function resolveOptions(planId: number, req: ConfigurationRequest, ctx?: Pick<Ctx, 'transaction'>): Promise<ConfiguredOption[]> {
  const transaction = ctx?.transaction;
  const offers = await PlanConfigOption.findAll({ where: { planId }, order: [['sortOrder', 'ASC'], ['id', 'ASC']], transaction });
  const options = offers.length ? await ConfigOption.findAll({ where: { id: { [Op.in]: offers.map((o) => o.optionId) }, active: true }, transaction }) : [];
  const requested = req.options ?? {};
  for (const code of Object.keys(requested)) {
    if (!options.some((o) => o.code === code)) throw new ValidationError('option_not_offered', `Option ${code} is not offered on this plan`, { option: code });
  }
  const prices = options.length
    ? await ConfigOptionPrice.findAll({ where: { optionId: { [Op.in]: options.map((o) => o.id) }, cycle: req.cycle, currency: req.currency }, transaction })
    : [];
  const result: ConfiguredOption[] = [];
  for (const offer of offers) {
    const option = options.find((o) => o.id === offer.optionId);
    if (!option) continue;
    const value = requested[option.code];
    if (option.kind === 'select') {
      const choice = value === undefined ? option.choices?.[0] : option.choices?.find((c) => c.value === String(value));
      if (!choice) throw new ValidationError('option_invalid_choice', `${option.name}: ${String(value)} is not a choice`, { option: option.code });
      const price = prices.find((p) => p.optionId === option.id && p.choice === choice.value);
      result.push({ optionId: option.id, name: option.name, quantity: 1, chargeable: price ? 1 : 0, choice: choice.value, choiceLabel: choice.label, unitPriceMinor: Number(price?.unitAmountMinor ?? 0), setupFeeMinor: Number(price?.setupFeeMinor ?? 0) });
      continue;
    }
    const quantity = quantityOf(option, offer, value);
    const chargeable = Math.max(0, quantity - offer.includedQuantity);
    const price = prices.find((p) => p.optionId === option.id && p.choice === '');
    if (chargeable > 0 && !price) throw new NotFoundError('option_price_not_found', `${option.name} has no ${req.cycle} price in ${req.currency}`);
    result.push({ optionId: option.id, name: option.name, quantity, chargeable, choice: null, choiceLabel: null, unitPriceMinor: Number(price?.unitAmountMinor ?? 0), setupFeeMinor: Number(price?.setupFeeMinor ?? 0) });
  }
  return result;
}

async function resolveAddons(planId: number, req: ConfigurationRequest, ctx?: Pick<Ctx, 'transaction'>): Promise<ConfiguredAddon[]> {
  const transaction = ctx?.transaction;
  const offers = await PlanAddon.findAll({ where: { planId }, order: [['sortOrder', 'ASC'], ['id', 'ASC']], transaction });
  const addons = offers.length ? await Addon.findAll({ where: { id: { [Op.in]: offers.map((o) => o.addonId) }, active: true }, transaction }) : [];
  const wanted = new Set(req.addons ?? []);
  for (const code of wanted) {
    if (!addons.some((a) => a.code === code)) throw new ValidationError('addon_not_offered', `Add-on ${code} is not offered on this plan`, { addon: code });
  }
  const picked = offers.filter((o) => o.included || addons.some((a) => a.id === o.addonId && wanted.has(a.code)));
  const prices = picked.length
    ? await AddonPrice.findAll({ where: { addonId: { [Op.in]: picked.map((o) => o.addonId) }, cycle: req.cycle, currency: req.currency, active: true }, transaction })
    : [];
  const result: ConfiguredAddon[] = [];
  for (const offer of picked) {
    const addon = addons.find((a) => a.id === offer.addonId);
    if (!addon) continue;
    const price = prices.find((p) => p.addonId === addon.id);
    // NOTE: an add-on included in the plan is attached at no charge, whatever its price list says.
    if (!offer.included && !price) throw new NotFoundError('addon_price_not_found', `${addon.name} has no ${req.cycle} price in ${req.currency}`);
    result.push({
      addonId: addon.id,
      name: addon.name,
      quantity: 1,
      priceMinor: offer.included ? 0 : Number(price?.amountMinor ?? 0),
      setupFeeMinor: offer.included ? 0 : Number(price?.setupFeeMinor ?? 0),
    });
  }
  return result;
}

/** Prices a plan, its options and add-ons for a cycle and currency from the price lists, validating every choice. */
export async function resolveConfiguration(req: ConfigurationRequest, ctx?: Pick<Ctx, 'transaction'>): Promise<{ plan: Plan; config: Configuration }> {
  const plan = await loadOrderablePlan(req.planId, ctx);
  const price = await getPlanPrice(plan.id, req.cycle, req.currency, ctx);
  const [options, addons] = [await resolveOptions(plan.id, req, ctx), await resolveAddons(plan.id, req, ctx)];
  return {
    plan,
    config: {
      plan: { id: plan.id, name: plan.name, type: plan.type, taxable: plan.taxable },
      cycle: req.cycle,
      currency: req.currency,
      priceMinor: price.amountMinor,
      setupFeeMinor: price.setupFeeMinor,
      options,
      addons,
    },
  };
}
