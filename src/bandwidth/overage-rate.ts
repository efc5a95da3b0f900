import type { Transaction } from 'sequelize';
import { PlanPrice, type Plan, type Subscription } from '../models/index.js';
import { getSetting } from '../settings/index.js';

/**
 * The price of one GB over quota for a subscription, in minor units of its currency: the plan price's own rate
 * (`plan_prices.overage_rate_minor_per_gb`, for the subscription's cycle and currency) when set, else the global
 * setting `bandwidth.overage_rates` for the plan's type and the currency.
 */
export async function overageRateFor(plan: Plan, subscription: Subscription, transaction?: Transaction): Promise<number> {
  const price = await PlanPrice.findOne({ where: { planId: plan.id, cycle: subscription.cycle, currency: subscription.currency }, attributes: ['id', 'overageRateMinorPerGb'], transaction });
  const own = price?.overageRateMinorPerGb;
  if (own !== null && own !== undefined) return Number(own);
  const rates = await getSetting('bandwidth.overage_rates');
  return Number(rates[plan.type]?.[subscription.currency] ?? 0);
}
