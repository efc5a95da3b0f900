import { BILLING_CYCLES, type CurrencyCode } from '../models/enums.js';
import type { Ctx } from '../lib/context.js';
import { Addon, AddonPrice, PlanAddon, Subscription, SubscriptionAddon } from '../models/index.js';
import { importEach, localIdOf } from './import-map.js';
import { pricingOf, type WhmcsPrice } from './import-products.js';
import type { ImportReport } from './report.js';
import type { WhmcsRow, WhmcsSource } from './source.js';
import { amountMinor, cycleOf, date, int, text } from './values.js';

/** How a WHMCS add-on (catalog or service row) is billed: by cycle, free, or once (which we do not sell). */
function billingOf(row: WhmcsRow): 'recurring' | 'free' | 'onetime' {
  const cycle = String(row.billingcycle ?? '').trim().toLowerCase().replace(/[\s_-]/g, '');
  if (cycle === 'free' || cycle === 'freeaccount') return 'free';
  if (cycle === 'onetime') return 'onetime';
  return 'recurring';
}

const LIVE = new Set(['Active', 'Suspended']);
const day = (d: Date | null): string => d?.toISOString().slice(0, 10) ?? 'none';

/**
 * Imports each WHMCS add-on (tbladdons) as an add-on with its prices per cycle and currency (a free one costs 0 in
 * every cycle), offered on the imported plans of its products unless it was hidden. Retired add-ons are inactive. One-time
 * add-ons are reported: we bill add-ons with their subscription's cycle.
 */
export async function importAddons(source: WhmcsSource, currencies: Map<number, CurrencyCode>, report: ImportReport, ctx: Ctx): Promise<void> {
  await importEach(source, 'tbladdons', 'addon', report, ctx, async (row, whmcsId) => {
    const billing = billingOf(row);
    if (billing === 'onetime') return 'it is billed once, not with its service';
    const prices: WhmcsPrice[] = billing === 'free'
      ? [...new Set(currencies.values())].flatMap((currency) => BILLING_CYCLES.map((cycle) => ({ cycle, currency, amountMinor: 0, setupFeeMinor: 0 })))
      : await pricingOf(source, 'addon', whmcsId, currencies);
    if (prices.length === 0) return 'it has no monthly, quarterly, semi-annual or annual price in a currency we bill in';
    const plans: number[] = [];
    if (int(row, 'hidden') !== 1) {
      for (const id of String(row.packages ?? '').split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0)) {
        const planId = await localIdOf('product', id);
        if (planId && !plans.includes(planId)) plans.push(planId);
      }
    }
    return async (transaction) => {
      const addon = await Addon.create(
        {
          code: `whmcs_${whmcsId}`,
          name: text(row, 'name', 150) ?? `WHMCS add-on ${whmcsId}`,
          description: text(row, 'description', 5000),
          kind: 'other',
          active: int(row, 'retired') !== 1,
          sortOrder: int(row, 'weight'),
        },
        { transaction },
      );
      await AddonPrice.bulkCreate(prices.map((p) => ({ ...p, addonId: addon.id })), { transaction });
      await PlanAddon.bulkCreate(plans.map((planId) => ({ planId, addonId: addon.id })), { transaction });
      return addon.id;
    };
  });
}

/** Why a WHMCS service add-on cannot join its subscription as it is, or null when it can. */
function refusalOf(row: WhmcsRow, subscription: Subscription, free: boolean): string | null {
  if (!['active', 'suspended', 'past_due'].includes(subscription.status)) return `its service is ${subscription.status}`;
  if (free) return null;
  const cycle = cycleOf(row.billingcycle);
  if (cycle !== subscription.cycle) return `it is billed "${String(row.billingcycle)}" while its service is billed ${subscription.cycle}: add it by hand`;
  const due = date(row, 'nextduedate');
  if (day(due) !== day(subscription.currentPeriodEnd)) {
    return `its next due date (${day(due)}) is not its service's (${day(subscription.currentPeriodEnd)}): add it by hand so that no period is billed twice or missed`;
  }
  return null;
}

/**
 * Imports each live WHMCS service add-on (tblhostingaddons, active or suspended) onto its imported subscription at its
 * recurring price, so the subscription's renewals bill it. One billed in another cycle or due on another day than its
 * service is reported (our add-ons renew with their subscription), as are custom add-ons without a catalog entry.
 */
export async function importServiceAddons(source: WhmcsSource, report: ImportReport, ctx: Ctx): Promise<void> {
  await importEach(source, 'tblhostingaddons', 'service_addon', report, ctx, async (row) => {
    const status = String(row.status ?? '');
    if (!LIVE.has(status)) return `its status "${status}" is not imported`;
    if (!int(row, 'addonid')) return 'it is a custom add-on without a catalog entry: add it by hand';
    const addonId = await localIdOf('addon', int(row, 'addonid'));
    if (!addonId) return 'its add-on was not imported';
    const subscriptionId = await localIdOf('service', int(row, 'hostingid'));
    const subscription = subscriptionId ? await Subscription.findByPk(subscriptionId) : null;
    if (!subscription) return 'its service was not imported';
    const free = billingOf(row) === 'free';
    const refused = refusalOf(row, subscription, free);
    if (refused) return refused;
    if (await SubscriptionAddon.findOne({ where: { subscriptionId: subscription.id, addonId }, attributes: ['id'] })) return 'its service already has this add-on';
    // NOTE: WHMCS keeps the recurring amount of all units; a unit price is kept only when it divides exactly.
    const recurring = free ? 0 : amountMinor(row, 'recurring', subscription.currency);
    const qty = Math.max(1, int(row, 'qty'));
    const [quantity, priceMinor] = qty > 1 && recurring % qty === 0 ? [qty, recurring / qty] : [1, recurring];
    return async (transaction) =>
      (await SubscriptionAddon.create({ subscriptionId: subscription.id, addonId, quantity, priceMinor, status: 'active', startedAt: date(row, 'regdate') ?? ctx.now }, { transaction })).id;
  });
}
