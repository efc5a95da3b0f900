import { Op, literal } from 'sequelize';
import { type Customer, PaymentMethod } from '../../models/index.js';

/** True when a card's expiry month is over at `now`. */
export function isExpired(method: Pick<PaymentMethod, 'expMonth' | 'expYear'>, now: Date): boolean {
  if (!method.expYear || !method.expMonth) return false;
  const year = now.getUTCFullYear();
  return method.expYear < year || (method.expYear === year && method.expMonth < now.getUTCMonth() + 1);
}

/**
 * The saved Stripe methods an off-session charge may try, default first then newest: not removed,
 * not expired, and never hard-declined (a stolen or closed card is not tried again on any invoice).
 */
export async function chargeCandidates(customer: Customer, now: Date): Promise<PaymentMethod[]> {
  return (await chargeCandidatesOf([customer], now)).get(customer.id) ?? [];
}

/** `chargeCandidates` of many customers in one query (a dunning batch), by customer id. */
export async function chargeCandidatesOf(customers: readonly Customer[], now: Date): Promise<Map<number, PaymentMethod[]>> {
  const byCustomer = new Map<number, PaymentMethod[]>();
  const ids = customers.filter((c) => c.stripeCustomerId).map((c) => c.id);
  if (ids.length === 0) return byCustomer;
  const methods = await PaymentMethod.findAll({
    where: {
      customerId: ids,
      gateway: 'stripe',
      detachedAt: null,
      [Op.and]: [literal("NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.payment_method_id = `PaymentMethod`.`id` AND a.decline_type = 'hard')")],
    },
    order: [['isDefault', 'DESC'], ['id', 'DESC']],
  });
  for (const method of methods) {
    if (isExpired(method, now)) continue;
    const list = byCustomer.get(method.customerId) ?? [];
    list.push(method);
    byCustomer.set(method.customerId, list);
  }
  return byCustomer;
}
