import { QueryTypes, type Transaction } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import { Plan } from '../../models/plan.js';

/**
 * Takes `quantity` units of a plan's stock in `t`; true when taken or the stock is unlimited (null).
 * NOTE: one conditional UPDATE (`stock >= quantity`) decides, so two buyers of the last unit cannot both get it.
 */
export async function reserveStock(planId: number, quantity: number, now: Date, t: Transaction): Promise<boolean> {
  const plan = await Plan.findByPk(planId, { attributes: ['id', 'stock'], transaction: t });
  if (!plan) return false;
  if (plan.stock === null || plan.stock === undefined) return true;
  const taken = await sequelize().query('UPDATE plans SET stock = stock - :quantity, updated_at = :now WHERE id = :planId AND stock IS NOT NULL AND stock >= :quantity', {
    replacements: { planId, quantity, now: sqlTimestamp(now) },
    type: QueryTypes.BULKUPDATE,
    transaction: t,
  });
  return Number(taken) === 1;
}

/** Gives back units of stock taken by an order that will not be fulfilled (unlimited stock stays unlimited). */
export async function releaseStock(planId: number, quantity: number, now: Date, t: Transaction): Promise<void> {
  await sequelize().query('UPDATE plans SET stock = stock + :quantity, updated_at = :now WHERE id = :planId AND stock IS NOT NULL', {
    replacements: { planId, quantity, now: sqlTimestamp(now) },
    type: QueryTypes.BULKUPDATE,
    transaction: t,
  });
}
