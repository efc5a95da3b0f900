import type { Transaction } from 'sequelize';
import { NotFoundError } from '../../lib/errors.js';
import { AddonPrice } from '../../models/addon-price.js';
import { ConfigOptionPrice } from '../../models/config-option-price.js';
import type { BillingCycle, CurrencyCode } from '../../models/enums.js';
import { SubscriptionAddon } from '../../models/subscription-addon.js';
import { SubscriptionOption } from '../../models/subscription-option.js';

/** Locks the prices of a subscription's options and paid add-ons at the catalog prices of a new cycle. */
export async function repriceItems(subscriptionId: number, cycle: BillingCycle, currency: CurrencyCode, t: Transaction): Promise<void> {
  for (const row of await SubscriptionOption.findAll({ where: { subscriptionId }, transaction: t })) {
    const price = await ConfigOptionPrice.findOne({ where: { optionId: row.optionId, choice: row.choice ?? '', cycle, currency }, transaction: t });
    await row.update({ unitPriceMinor: Number(price?.unitAmountMinor ?? 0) }, { transaction: t });
  }
  for (const row of await SubscriptionAddon.findAll({ where: { subscriptionId, status: ['active', 'pending'] }, transaction: t })) {
    if (Number(row.priceMinor) === 0) continue;
    const price = await AddonPrice.findOne({ where: { addonId: row.addonId, cycle, currency, active: true }, transaction: t });
    if (!price) throw new NotFoundError('addon_price_not_found', `Add-on ${row.addonId} has no ${cycle} price in ${currency}`);
    await row.update({ priceMinor: Number(price.amountMinor) }, { transaction: t });
  }
}
