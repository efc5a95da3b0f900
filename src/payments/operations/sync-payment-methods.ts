import { inTransaction, isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { Customer, PaymentMethod } from '../../models/index.js';
import type { PaymentMethodKind } from '../../models/enums.js';
import type { SavedMethod } from '../gateway.js';
import { gatewayFor } from '../registry.js';

const KINDS: Record<string, PaymentMethodKind> = { card: 'card', sepa_debit: 'sepa' };

function details(method: SavedMethod): Pick<PaymentMethod, 'brand' | 'last4' | 'expMonth' | 'expYear'> {
  return {
    brand: method.brand?.slice(0, 32) ?? null,
    last4: method.last4 && /^\d{4}$/.test(method.last4) ? method.last4 : null,
    expMonth: method.expMonth,
    expYear: method.expYear,
  };
}

/** Writes what Stripe holds into payment_methods in one transaction; returns the customer's live methods. */
async function apply(customer: Customer, saved: SavedMethod[], ctx: Ctx): Promise<PaymentMethod[]> {
  return inTransaction(ctx, async (t) => {
    const ours = await PaymentMethod.findAll({ where: { customerId: customer.id, gateway: 'stripe' }, transaction: t });
    const byToken = new Map(ours.map((m) => [m.gatewayToken, m]));
    const live = new Set<string>();
    for (const method of saved) {
      const kind = KINDS[method.type];
      if (!kind) continue;
      live.add(method.id);
      const row = byToken.get(method.id);
      if (row) await row.update({ ...details(method), detachedAt: null }, { transaction: t });
      else byToken.set(method.id, await PaymentMethod.create({ customerId: customer.id, gateway: 'stripe', gatewayToken: method.id, kind, ...details(method) }, { transaction: t }));
    }
    // NOTE: a method Stripe no longer lists was removed there (dashboard, bank): never charge it again.
    for (const row of ours) if (!live.has(row.gatewayToken) && !row.detachedAt) await row.update({ detachedAt: ctx.now, isDefault: false }, { transaction: t });
    const current = [...byToken.values()].filter((m) => live.has(m.gatewayToken)).sort((a, b) => b.id - a.id);
    const hasDefault = (await PaymentMethod.count({ where: { customerId: customer.id, isDefault: true, detachedAt: null }, transaction: t })) > 0;
    if (!hasDefault && current[0]) await current[0].update({ isDefault: true }, { transaction: t });
    return current;
  });
}

/**
 * Mirrors the customer's saved Stripe methods (after Checkout saved a card, or a webhook said one was
 * added or detached): display details only, never card data; the newest becomes default when none is.
 */
export async function syncPaymentMethods(customerId: number, ctx: Ctx): Promise<PaymentMethod[]> {
  const customer = await Customer.findByPk(customerId, { transaction: ctx.transaction });
  const gateway = gatewayFor('stripe');
  if (!customer?.stripeCustomerId || !gateway.listSavedMethods) return [];
  const saved = await gateway.listSavedMethods(customer.stripeCustomerId);
  try {
    return await apply(customer, saved, ctx);
  } catch (err) {
    // NOTE: two webhooks about one new card synced at once; the other wrote the row, so read again.
    if (!isUniqueViolation(err) || ctx.transaction) throw err;
    return apply(customer, saved, ctx);
  }
}

/** A saved method was removed at the gateway (dashboard, bank): never charged again; the newest other becomes default. */
export async function forgetPaymentMethod(gateway: 'stripe' | 'paypal', token: string, ctx: Ctx): Promise<boolean> {
  return inTransaction(ctx, async (t) => {
    const method = await PaymentMethod.findOne({ where: { gateway, gatewayToken: token, detachedAt: null }, transaction: t });
    if (!method) return false;
    const wasDefault = method.isDefault;
    await method.update({ detachedAt: ctx.now, isDefault: false }, { transaction: t });
    if (wasDefault) {
      const next = await PaymentMethod.findOne({ where: { customerId: method.customerId, detachedAt: null }, order: [['id', 'DESC']], transaction: t });
      if (next) await next.update({ isDefault: true }, { transaction: t });
    }
    return true;
  });
}
