import { Op } from 'sequelize';
import { Addon } from '../models/addon.js';
import { AddonPrice } from '../models/addon-price.js';
import { ConfigOption } from '../models/config-option.js';
import { ConfigOptionPrice } from '../models/config-option-price.js';
import type { BillingCycle, ConfigOptionKind, CurrencyCode } from '../models/enums.js';
import { PlanAddon } from '../models/plan-addon.js';
import { PlanConfigOption } from '../models/plan-config-option.js';

/** A configurable option of a plan as the cart offers it, priced for one cycle and currency. */
export interface OfferedOption {
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  readonly unit: string | null;
  readonly kind: ConfigOptionKind;
  readonly min: number;
  readonly max: number | null;
  readonly step: number;
  /** Units the plan includes at no charge (quantity options). */
  readonly included: number;
  /** What the cart starts with when the visitor has not chosen. */
  readonly defaultValue: number | string;
  /** Price of one unit above the included quantity (quantity options); null when not sold in this cycle/currency. */
  readonly unitPriceMinor: number | null;
  readonly setupFeeMinor: number;
  readonly choices: ReadonlyArray<{ value: string; label: string; priceMinor: number }>;
}

/** An add-on of a plan as the cart offers it. */
export interface OfferedAddon {
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  readonly included: boolean;
  /** Null when the add-on has no price in this cycle and currency (then it is not offered). */
  readonly priceMinor: number | null;
  readonly setupFeeMinor: number;
}

/** The options and add-ons a plan offers with their prices in one cycle and currency, in catalog order. */
export async function planOffer(planId: number, cycle: BillingCycle, currency: CurrencyCode): Promise<{ options: OfferedOption[]; addons: OfferedAddon[] }> {
  const [optionOffers, addonOffers] = await Promise.all([
    PlanConfigOption.findAll({ where: { planId }, order: [['sortOrder', 'ASC'], ['id', 'ASC']] }),
    PlanAddon.findAll({ where: { planId }, order: [['sortOrder', 'ASC'], ['id', 'ASC']] }),
  ]);
  const optionIds = optionOffers.map((o) => o.optionId);
  const addonIds = addonOffers.map((o) => o.addonId);
  const [options, optionPrices, addons, addonPrices] = await Promise.all([
    optionIds.length ? ConfigOption.findAll({ where: { id: { [Op.in]: optionIds }, active: true } }) : [],
    optionIds.length ? ConfigOptionPrice.findAll({ where: { optionId: { [Op.in]: optionIds }, cycle, currency } }) : [],
    addonIds.length ? Addon.findAll({ where: { id: { [Op.in]: addonIds }, active: true } }) : [],
    addonIds.length ? AddonPrice.findAll({ where: { addonId: { [Op.in]: addonIds }, cycle, currency, active: true } }) : [],
  ]);
  const offeredOptions: OfferedOption[] = [];
  for (const offer of optionOffers) {
    const option = options.find((o) => o.id === offer.optionId);
    if (!option) continue;
    const prices = optionPrices.filter((p) => p.optionId === option.id);
    const unit = prices.find((p) => p.choice === '');
    const min = offer.minOverride ?? option.min;
    const choices = (option.choices ?? []).map((c) => ({ value: c.value, label: c.label, priceMinor: Number(prices.find((p) => p.choice === c.value)?.unitAmountMinor ?? 0) }));
    offeredOptions.push({
      code: option.code,
      name: option.name,
      description: option.description ?? null,
      unit: option.unit ?? null,
      kind: option.kind,
      min,
      max: offer.maxOverride ?? option.max ?? null,
      step: option.step || 1,
      included: offer.includedQuantity,
      defaultValue: option.kind === 'select' ? (choices[0]?.value ?? '') : (option.defaultValue ?? Math.max(min, offer.includedQuantity)),
      unitPriceMinor: unit ? Number(unit.unitAmountMinor) : null,
      setupFeeMinor: Number(unit?.setupFeeMinor ?? 0),
      choices,
    });
  }
  const offeredAddons: OfferedAddon[] = [];
  for (const offer of addonOffers) {
    const addon = addons.find((a) => a.id === offer.addonId);
    if (!addon) continue;
    const price = addonPrices.find((p) => p.addonId === addon.id);
    offeredAddons.push({
      code: addon.code,
      name: addon.name,
      description: addon.description ?? null,
      included: offer.included,
      priceMinor: offer.included ? 0 : price ? Number(price.amountMinor) : null,
      setupFeeMinor: offer.included ? 0 : Number(price?.setupFeeMinor ?? 0),
    });
  }
  return { options: offeredOptions, addons: offeredAddons };
}

/** The form field of an option (cart and plan change): its input's id and limits, and `value` selected among its choices. */
export function optionFieldView(option: OfferedOption, value: string) {
  return {
    code: option.code,
    id: `f-opt-${option.code.replace(/_/g, '-')}`,
    name: option.name,
    unit: option.unit,
    description: option.description,
    isSelect: option.kind === 'select',
    min: option.min,
    max: option.max,
    step: option.step,
    stepped: option.step > 1,
    value,
    included: option.included,
    unitPriceMinor: option.unitPriceMinor,
    choices: option.choices.map((c) => ({ ...c, selected: c.value === value })),
  };
}
