import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import type { BillingCycle, CurrencyCode } from '../../models/enums.js';
import { PlanPrice } from '../../models/plan-price.js';

/** A plan's price for one cycle in one currency. */
export interface PlanPriceQuote {
  readonly planId: number;
  readonly cycle: BillingCycle;
  readonly currency: CurrencyCode;
  readonly amountMinor: number;
  readonly setupFeeMinor: number;
}

/**
 * The active price of a plan for a cycle and currency from its explicit price list.
 * NOTE: no FX conversion ever: a plan not priced in a currency cannot be bought in it.
 */
export async function getPlanPrice(planId: number, cycle: BillingCycle, currency: CurrencyCode, ctx?: Pick<Ctx, 'transaction'>): Promise<PlanPriceQuote> {
  const row = await PlanPrice.findOne({ where: { planId, cycle, currency, active: true }, transaction: ctx?.transaction });
  if (!row) throw new NotFoundError('plan_price_not_found', `Plan ${planId} has no ${cycle} price in ${currency}`);
  return { planId, cycle, currency, amountMinor: Number(row.amountMinor), setupFeeMinor: Number(row.setupFeeMinor) };
}
