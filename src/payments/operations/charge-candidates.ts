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
  if (!customer.stripeCustomerId) return [];
  const methods = await PaymentMethod.findAll({
    where: {
      customerId: customer.id,
      gateway: 'stripe',
      detachedAt: null,
      [Op.and]: [literal("NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.payment_method_id = `PaymentMethod`.`id` AND a.decline_type = 'hard')")],
    },
    order: [['isDefault', 'DESC'], ['id', 'DESC']],
  });
  return methods.filter((m) => !isExpired(m, now));
}
