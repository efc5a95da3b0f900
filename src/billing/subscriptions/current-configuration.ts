import { Op, type Transaction } from 'sequelize';
import { Addon } from '../../models/addon.js';
import { ConfigOption } from '../../models/config-option.js';
import { PlanAddon } from '../../models/plan-addon.js';
import { PlanConfigOption } from '../../models/plan-config-option.js';
import type { Subscription } from '../../models/subscription.js';
import type { Configuration } from '../catalog/configuration.js';
import { loadRenewalItems } from '../renewals/claim-due-renewals.js';
import { RenewalCatalogCache } from '../renewals/renewal-catalog.js';
import { subscriptionConfiguration } from '../renewals/renewal-subject.js';

/** A subscription's configuration today, with its options and add-ons as codes (to re-resolve on another plan). */
export interface CurrentConfiguration {
  readonly config: Configuration;
  /** Option code -> the stored quantity or choice. */
  readonly options: Record<string, number | string>;
  readonly addons: string[];
  /** Add-on code -> add-on id, of the add-ons in `addons`. */
  readonly addonIds: Readonly<Record<string, number>>;
}

/** Loads what a subscription bills per period now, at its locked prices. */
export async function loadCurrentConfiguration(subscription: Subscription, t?: Transaction): Promise<CurrentConfiguration> {
  const items = await loadRenewalItems([subscription.id], t);
  const catalog = new RenewalCatalogCache();
  await catalog.ensure({ plans: [subscription.planId], options: items.options.map((o) => o.optionId), addons: items.addons.map((a) => a.addonId), coupons: [] }, t);
  const config = subscriptionConfiguration(
    { id: subscription.id, planId: subscription.planId, cycle: subscription.cycle, currency: subscription.currency, priceMinor: Number(subscription.priceMinor) },
    items.options,
    items.addons,
    catalog,
  );
  const optionRows = items.options.length ? await ConfigOption.findAll({ where: { id: { [Op.in]: items.options.map((o) => o.optionId) } }, attributes: ['id', 'code'], transaction: t }) : [];
  const addonRows = items.addons.length ? await Addon.findAll({ where: { id: { [Op.in]: items.addons.map((a) => a.addonId) } }, attributes: ['id', 'code'], transaction: t }) : [];
  const options: Record<string, number | string> = {};
  for (const o of items.options) {
    const code = optionRows.find((r) => r.id === o.optionId)?.code;
    if (code) options[code] = o.choice ?? o.quantity;
  }
  const addonIds: Record<string, number> = {};
  for (const a of items.addons) {
    const code = addonRows.find((r) => r.id === a.addonId)?.code;
    if (code) addonIds[code] = a.addonId;
  }
  return { config, options, addons: Object.keys(addonIds), addonIds };
}

/** Keeps only the option and add-on codes a plan offers and still sells (a change of plan or cycle drops the rest). */
export async function offeredOn(planId: number, options: Record<string, number | string>, addons: readonly string[], t?: Transaction): Promise<{ options: Record<string, number | string>; addons: string[] }> {
  const offers = await PlanConfigOption.findAll({ where: { planId }, attributes: ['optionId'], transaction: t });
  const codes = offers.length ? (await ConfigOption.findAll({ where: { id: { [Op.in]: offers.map((o) => o.optionId) } }, attributes: ['code'], transaction: t })).map((o) => o.code) : [];
  const addonOffers = await PlanAddon.findAll({ where: { planId }, attributes: ['addonId'], transaction: t });
  const addonCodes = addonOffers.length ? (await Addon.findAll({ where: { id: { [Op.in]: addonOffers.map((o) => o.addonId) }, active: true }, attributes: ['code'], transaction: t })).map((a) => a.code) : [];
  return { options: Object.fromEntries(Object.entries(options).filter(([code]) => codes.includes(code))), addons: addons.filter((c) => addonCodes.includes(c)) };
}
