import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { Customer } from '../models/customer.js';
import type { CurrencyCode } from '../models/enums.js';
import { Invoice } from '../models/invoice.js';
import { Subscription } from '../models/subscription.js';

/** True when the customer has been billed or holds a subscription: their currency is then fixed. */
export async function hasBillingHistory(customerId: number, ctx?: Pick<Ctx, 'transaction'>): Promise<boolean> {
  const [invoices, subscriptions] = await Promise.all([
    Invoice.count({ where: { customerId }, transaction: ctx?.transaction }),
    Subscription.count({ where: { customerId }, transaction: ctx?.transaction }),
  ]);
  return invoices + subscriptions > 0;
}

/**
 * Before a customer's first order: the account takes the currency the visitor shopped in (sign-up
 * gives every account the base currency). NOTE: once anything is billed the currency never changes;
 * the check and the write share a transaction, and `placeOrder` refuses any other currency anyway.
 */
export async function adoptOrderCurrency(customerId: number, currency: CurrencyCode, ctx: Ctx): Promise<boolean> {
  return inTransaction(ctx, async (t) => {
    const customer = await Customer.findByPk(customerId, { transaction: t });
    if (!customer || customer.currency === currency) return false;
    if (await hasBillingHistory(customerId, { transaction: t })) return false;
    await customer.update({ currency }, { transaction: t });
    return true;
  });
}
