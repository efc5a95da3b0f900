import { randomUUID } from 'node:crypto';
import type { CreationAttributes, Transaction } from 'sequelize';
import { forUpdate, inTransaction, isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { OrderItem, Plan, Service, type Subscription } from '../../models/index.js';
import { serviceReference } from '../driver.js';

/** Writes a service row with its reference `ezs-svc-<id>`: the reference carries the row's id, so a placeholder is written first and renamed at once. */
export async function createServiceRow(values: Omit<CreationAttributes<Service>, 'reference'>, transaction: Transaction): Promise<Service> {
  const service = await Service.create({ ...values, reference: `pending-${randomUUID()}` }, { transaction });
  await service.update({ reference: serviceReference(service.id) }, { transaction });
  return service;
}

/** The service of a subscription (one per subscription and type): created pending with reference `ezs-svc-<id>`, or the existing row. */
export async function ensureServiceForSubscription(subscription: Subscription, ctx: Ctx): Promise<Service> {
  return inTransaction(ctx, async (transaction) => {
    const plan = subscription.plan ?? (await Plan.findByPk(subscription.planId, { transaction }));
    if (!plan) throw new NotFoundError('plan_not_found', `Plan ${subscription.planId} not found`);
    const where = { subscriptionId: subscription.id, serviceType: plan.type };
    const existing = await Service.findOne({ where, paranoid: false, transaction });
    if (existing) return existing;

    const item = subscription.orderItemId ? await OrderItem.findByPk(subscription.orderItemId, { transaction }) : null;
    const hostname = typeof item?.options?.hostname === 'string' ? item.options.hostname.slice(0, 255) : null;
    const domain = typeof item?.options?.domain === 'string' ? item.options.domain.slice(0, 255) : null;
    // NOTE: the operating system chosen at checkout waits in the panel data until the create reads it.
    const os = typeof item?.options?.os === 'string' && item.options.os !== '' ? item.options.os.slice(0, 100) : null;
    try {
      return await createServiceRow(
        {
          subscriptionId: subscription.id,
          customerId: subscription.customerId,
          serviceType: plan.type,
          driver: plan.driver,
          status: 'pending',
          hostname,
          domain,
          panelData: os ? { osTemplate: os } : null,
        },
        transaction,
      );
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A concurrent caller created it first: a locking read sees its committed row.
      const winner = await Service.findOne({ where, paranoid: false, ...forUpdate(transaction) });
      if (!winner) throw err;
      return winner;
    }
  });
}
