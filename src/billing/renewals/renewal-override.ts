import { Op, type Transaction } from 'sequelize';
import { NotFoundError } from '../../lib/errors.js';
import { AddonPrice } from '../../models/addon-price.js';
import { ConfigOptionPrice } from '../../models/config-option-price.js';
import { getPlanPrice } from '../catalog/get-plan-price.js';
import type { RenewalCatalogCache } from './renewal-catalog.js';
import type { AddonRow, OptionRow, RenewalOverride, RenewalRow } from './renewal-subject.js';

/**
 * Prices the next period of a subscription with a scheduled plan or cycle change from the catalog:
 * the new plan's price for the (new) cycle; on a cycle change, options and add-ons at that cycle's prices.
 */
export async function loadRenewalOverride(
  row: RenewalRow,
  items: { options: readonly OptionRow[]; addons: readonly AddonRow[] },
  catalog: RenewalCatalogCache,
  t: Transaction,
): Promise<RenewalOverride | undefined> {
  if (row.scheduledPlanId == null && row.scheduledCycle == null) return undefined;
  const planId = row.scheduledPlanId ?? row.planId;
  const cycle = row.scheduledCycle ?? row.cycle;
  await catalog.ensure({ plans: [planId], options: [], addons: [], coupons: [] }, t);
  const plan = catalog.plans.get(planId);
  if (!plan) throw new NotFoundError('plan_not_found', `Plan ${planId} not found`);
  const price = await getPlanPrice(planId, cycle, row.currency, { transaction: t });
  if (cycle === row.cycle) return { plan, cycle, priceMinor: price.amountMinor };
  const optionPrices = new Map<number, number>();
  if (items.options.length) {
    const rows = await ConfigOptionPrice.findAll({ where: { optionId: { [Op.in]: items.options.map((o) => o.optionId) }, cycle, currency: row.currency }, transaction: t });
    for (const o of items.options) {
      const p = rows.find((r) => r.optionId === o.optionId && r.choice === (o.choice ?? ''));
      optionPrices.set(o.optionId, Number(p?.unitAmountMinor ?? 0));
    }
  }
  const addonPrices = new Map<number, number>();
  if (items.addons.length) {
    const rows = await AddonPrice.findAll({ where: { addonId: { [Op.in]: items.addons.map((a) => a.addonId) }, cycle, currency: row.currency, active: true }, transaction: t });
    for (const a of items.addons) {
      const p = rows.find((r) => r.addonId === a.addonId);
      if (!p && a.priceMinor > 0) throw new NotFoundError('addon_price_not_found', `Add-on ${a.addonId} has no ${cycle} price in ${row.currency}`);
      addonPrices.set(a.addonId, a.priceMinor > 0 ? Number(p?.amountMinor ?? 0) : 0);
    }
  }
  return { plan, cycle, priceMinor: price.amountMinor, optionPrices, addonPrices };
}
