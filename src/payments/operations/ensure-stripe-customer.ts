import type { Ctx } from '../../lib/context.js';
import { Customer, User } from '../../models/index.js';
import { gatewayFor } from '../registry.js';

/** The Stripe customer of our customer, created once and stored on `customers.stripe_customer_id`. */
export async function ensureStripeCustomer(customer: Customer, ctx: Ctx): Promise<string> {
  const user = await User.findByPk(customer.userId, { attributes: ['id', 'email', 'firstName', 'lastName'], transaction: ctx.transaction });
  const { gatewayCustomerId } = await gatewayFor('stripe').ensureCustomer({
    customerId: customer.id,
    email: user?.email ?? `customer-${customer.id}@invalid.example`,
    name: customer.company ?? user?.fullName ?? null,
    existingRef: customer.stripeCustomerId,
  });
  if (!gatewayCustomerId) throw new Error('Stripe returned no customer id');
  if (gatewayCustomerId !== customer.stripeCustomerId) {
    await Customer.update({ stripeCustomerId: gatewayCustomerId }, { where: { id: customer.id }, transaction: ctx.transaction });
    customer.stripeCustomerId = gatewayCustomerId;
  }
  return gatewayCustomerId;
}
