import { Op } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { PaymentMethod } from '../../models/index.js';
import { loadCustomerMethod } from './load-customer-method.js';

/** Makes a saved method the one renewals charge first; the previous default stays as a fallback. */
export async function setDefaultPaymentMethod(input: { customerId: number; paymentMethodId: number }, ctx: Ctx): Promise<PaymentMethod> {
  return inTransaction(ctx, async (t) => {
    const method = await loadCustomerMethod(input, ctx, t);
    if (method.isDefault) return method;
    const previous = await PaymentMethod.findOne({ where: { customerId: input.customerId, isDefault: true, id: { [Op.ne]: method.id } }, transaction: t });
    await PaymentMethod.update({ isDefault: false }, { where: { customerId: input.customerId, isDefault: true }, transaction: t });
    await method.update({ isDefault: true }, { transaction: t });
    await recordAudit(
      { action: 'payment_method.default_set', entityType: 'payment_method', entityId: method.id, before: { defaultMethodId: previous?.id ?? null }, after: { defaultMethodId: method.id } },
      withTx(ctx, t),
    );
    return method;
  });
}
