import { Op } from 'sequelize';
import { recurringTotal } from '../billing/catalog/configuration.js';
import { loadRenewalItems } from '../billing/renewals/claim-due-renewals.js';
import { RenewalCatalogCache } from '../billing/renewals/renewal-catalog.js';
import { subscriptionConfiguration } from '../billing/renewals/renewal-subject.js';
import type { CurrencyCode } from '../models/enums.js';
import { Plan, Subscription } from '../models/index.js';
import { getSetting } from '../settings/index.js';

/** The next renewal of one subscription: when its invoice comes and what it bills before tax. */
export interface UpcomingRenewal {
  readonly subscriptionId: number;
  readonly planName: string;
  readonly cycle: string;
  /** When the renewal invoice is issued (billing.renewal_lead_days before the period ends). */
  readonly invoiceAt: Date;
  /** When it is due: the end of the current period. */
  readonly dueAt: Date;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

const DAY_MS = 86_400_000;

/** The customer's subscriptions that renew, soonest first, with the amount of their next period (plan, options, add-ons). */
export async function listUpcomingRenewals(customerId: number, limit = 100): Promise<UpcomingRenewal[]> {
  const subscriptions = await Subscription.findAll({
    where: { customerId, status: { [Op.in]: ['active', 'past_due'] }, cancelAtPeriodEnd: false, currentPeriodEnd: { [Op.ne]: null } },
    include: [{ model: Plan, as: 'plan', attributes: ['id', 'name'] }],
    order: [['currentPeriodEnd', 'ASC'], ['id', 'ASC']],
    limit,
  });
  const leadDays = await getSetting('billing.renewal_lead_days');
  // NOTE: one read of every subscription's options and add-ons and one of their catalog rows, as renewals do.
  const items = await loadRenewalItems(subscriptions.map((s) => s.id));
  const catalog = new RenewalCatalogCache();
  await catalog.ensure({ plans: [...new Set(subscriptions.map((s) => s.planId))], options: items.options.map((o) => o.optionId), addons: items.addons.map((a) => a.addonId), coupons: [] });
  const out: UpcomingRenewal[] = [];
  for (const s of subscriptions) {
    const config = subscriptionConfiguration(
      { id: s.id, planId: s.planId, cycle: s.cycle, currency: s.currency, priceMinor: Number(s.priceMinor) },
      items.options.filter((o) => o.subscriptionId === s.id),
      items.addons.filter((a) => a.subscriptionId === s.id),
      catalog,
    );
    const dueAt = s.currentPeriodEnd!;
    out.push({
      subscriptionId: s.id,
      planName: s.plan?.name ?? `Subscription ${s.id}`,
      cycle: s.cycle,
      invoiceAt: new Date(dueAt.getTime() - Number(leadDays) * DAY_MS),
      dueAt,
      amountMinor: recurringTotal(config).minor,
      currency: s.currency,
    });
  }
  return out;
}
