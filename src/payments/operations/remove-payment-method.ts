import { Op } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { GatewayError } from '../../lib/errors.js';
import { PaymentMethod } from '../../models/index.js';
import { gatewayFor, isGatewayEnabled } from '../registry.js';
import { loadCustomerMethod } from './load-customer-method.js';

/** Detaches at the gateway first: if that fails nothing changes here and the customer may retry. */
async function detachAtGateway(method: PaymentMethod): Promise<void> {
  if (method.gateway !== 'stripe' || !isGatewayEnabled('stripe')) return;
  const gateway = gatewayFor('stripe');
  try {
    await gateway.removeSavedMethod?.(method.gatewayToken);
  } catch (err) {
    // NOTE: "not attached" / "no such payment method": Stripe no longer has it, which is the goal.
    const vendor = err instanceof GatewayError ? err.vendorCode : undefined;
    if (vendor === 'payment_method_unexpected_state' || vendor === 'resource_missing') return;
    throw err;
  }
}

/** Removes a saved method: detached at Stripe, kept here as history (never charged again); the newest other becomes default. */
export async function removePaymentMethod(input: { customerId: number; paymentMethodId: number }, ctx: Ctx): Promise<PaymentMethod> {
  const method = await inTransaction(ctx, (t) => loadCustomerMethod(input, ctx, t));
  await detachAtGateway(method);
  return inTransaction(ctx, async (t) => {
    const row = await loadCustomerMethod(input, ctx, t);
    const wasDefault = row.isDefault;
    await row.update({ detachedAt: ctx.now, isDefault: false }, { transaction: t });
    if (wasDefault) {
      const next = await PaymentMethod.findOne({ where: { customerId: input.customerId, detachedAt: null, id: { [Op.ne]: row.id } }, order: [['id', 'DESC']], transaction: t });
      if (next) await next.update({ isDefault: true }, { transaction: t });
    }
    await recordAudit(
      { action: 'payment_method.removed', entityType: 'payment_method', entityId: row.id, before: { detachedAt: null, isDefault: wasDefault }, after: { detachedAt: ctx.now, isDefault: false } },
      withTx(ctx, t),
    );
    return row;
  });
}
