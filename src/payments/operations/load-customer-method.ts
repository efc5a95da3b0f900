import type { Transaction } from 'sequelize';
import { forUpdate } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Customer, PaymentMethod } from '../../models/index.js';

/** A live saved method of `customerId` (locked in `t`); a customer actor only reaches their own. */
export async function loadCustomerMethod(input: { customerId: number; paymentMethodId: number }, ctx: Ctx, t: Transaction): Promise<PaymentMethod> {
  const notFound = new NotFoundError('payment_method_not_found', `Payment method ${input.paymentMethodId} not found`);
  if (ctx.actor.type === 'customer') {
    const customer = await Customer.findByPk(input.customerId, { attributes: ['id', 'userId'], transaction: t });
    if (customer?.userId !== ctx.actor.userId) throw notFound;
  }
  const method = await PaymentMethod.findOne({ where: { id: input.paymentMethodId, customerId: input.customerId, detachedAt: null }, ...forUpdate(t) });
  if (!method) throw notFound;
  return method;
}
