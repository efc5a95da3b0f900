import { Op } from 'sequelize';
import { toDecimalString } from '../billing/money.js';
import type { Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { Customer } from '../models/customer.js';
import type { CurrencyCode, PlanType } from '../models/enums.js';
import { Order } from '../models/order.js';
import { User } from '../models/user.js';
import { getSetting } from '../settings/index.js';
import { disposableDomainOf } from './disposable-domains.js';
import { EMAIL_UNVERIFIED, riskFlag } from './risk-flags.js';

/** What the fraud checks look at before an order is placed. */
export interface OrderRiskInput {
  readonly customerId: number;
  readonly planTypes: readonly PlanType[];
  readonly totalMinor: number;
  readonly currency: CurrencyCode;
  readonly ip: string | null;
  /** The visitor's country from a trusted edge header (CF-IPCountry), when present. */
  readonly ipCountry: string | null;
}

const DAY_MS = 86_400_000;

/** A two-letter country from an edge header; "XX" (unknown) and malformed values count as absent. */
export function parseIpCountry(value: unknown): string | null {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  return /^[A-Z][A-Z0-9]$/.test(code) && code !== 'XX' ? code : null;
}

/**
 * The fraud checks of a checkout, as risk flags for `placeOrder` (any flag holds the order for
 * review): unverified email, orders per IP per day, order total over the threshold of its currency,
 * billing country differing from the IP country, a disposable email domain, countries staff review,
 * and a new customer's first dedicated server. An empty list lets the order through.
 */
export async function assessOrderRisk(input: OrderRiskInput, ctx: Ctx): Promise<string[]> {
  const customer = await Customer.findByPk(input.customerId, { transaction: ctx.transaction });
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
  const user = await User.findByPk(customer.userId, { transaction: ctx.transaction });
  if (!user) throw new NotFoundError('user_not_found', `User of customer ${customer.id} not found`);
  const [perIp, thresholds, reviewCountries, firstDedicated] = await Promise.all([
    getSetting('fraud.max_orders_per_ip_per_day'),
    getSetting('fraud.review_order_total_minor'),
    getSetting('fraud.review_countries'),
    getSetting('fraud.review_first_dedicated_order'),
  ]);
  const flags: string[] = [];
  // NOTE: the order can be placed and paid; provisioning waits until the buyer proves the mailbox is theirs.
  if (!user.emailVerifiedAt) flags.push(EMAIL_UNVERIFIED);
  if (input.ip) {
    const since = new Date(ctx.now.getTime() - DAY_MS);
    const recent = await Order.count({ where: { ip: input.ip, createdAt: { [Op.gte]: since } }, transaction: ctx.transaction });
    if (recent >= perIp) flags.push(riskFlag(`order number ${recent + 1} from IP ${input.ip} within 24 hours (limit ${perIp})`));
  }
  const threshold = thresholds[input.currency];
  if (threshold > 0 && input.totalMinor > threshold) {
    flags.push(riskFlag(`order total ${toDecimalString(input.totalMinor, input.currency)} ${input.currency} over review threshold ${toDecimalString(threshold, input.currency)} ${input.currency}`));
  }
  const billing = customer.billingCountry?.toUpperCase() ?? null;
  if (input.ipCountry === 'T1') flags.push('order placed through the Tor network');
  else if (input.ipCountry && billing && input.ipCountry !== billing) flags.push(riskFlag(`billing country ${billing} differs from IP country ${input.ipCountry}`));
  const disposable = disposableDomainOf(user.email);
  if (disposable) flags.push(riskFlag(`disposable email domain ${disposable}`));
  for (const country of new Set([billing, input.ipCountry].filter((c): c is string => Boolean(c)))) {
    if (reviewCountries.includes(country)) flags.push(riskFlag(`orders from ${country} are reviewed`));
  }
  if (firstDedicated && input.planTypes.includes('dedicated')) {
    const completed = await Order.count({ where: { customerId: customer.id, status: 'completed' }, transaction: ctx.transaction });
    if (completed === 0) flags.push('first dedicated server order of a new customer');
  }
  return flags;
}
