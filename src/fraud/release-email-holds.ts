import { recordAudit } from '../audit/record-audit.js';
import { approveOrder } from '../billing/orders/approve-order.js';
import { forUpdate, inTransaction } from '../db/transaction.js';
import { type Ctx, SYSTEM, withTx } from '../lib/context.js';
import { Customer } from '../models/customer.js';
import { Order } from '../models/order.js';
import { EMAIL_UNVERIFIED, reasonWithFlags } from './risk-flags.js';

/** What lifting the email hold did to the customer's orders. */
export interface ReleasedHolds {
  /** Orders approved now (paid ones start provisioning at once). */
  readonly released: string[];
  /** Orders that lost the email flag but still wait for staff for other reasons. */
  readonly stillInReview: string[];
}

/**
 * Called when a customer confirms their email address: every order held only because the address
 * was unverified is approved by the system (a paid one activates now); orders held for other reasons
 * too lose the email flag and stay with staff. Safe to call any number of times.
 */
export async function releaseEmailVerificationHolds(userId: number, ctx: Ctx): Promise<ReleasedHolds> {
  return inTransaction(ctx, async (t) => {
    const customer = await Customer.findOne({ where: { userId }, transaction: t });
    if (!customer) return { released: [], stillInReview: [] };
    const held = await Order.findAll({ where: { customerId: customer.id, status: 'pending_review' }, order: [['id', 'ASC']], transaction: t });
    const result: ReleasedHolds = { released: [], stillInReview: [] };
    // NOTE: the approval is the system's, not the customer's: reviewed_by stays empty and the audit says why.
    const systemCtx = withTx({ ...ctx, actor: { ...SYSTEM, ip: ctx.actor.ip ?? null, userAgent: ctx.actor.userAgent ?? null } }, t);
    for (const candidate of held) {
      const order = await Order.findByPk(candidate.id, forUpdate(t));
      if (!order || order.status !== 'pending_review' || !order.riskFlags?.includes(EMAIL_UNVERIFIED)) continue;
      const flags = order.riskFlags.filter((f) => f !== EMAIL_UNVERIFIED);
      const reason = reasonWithFlags(order.reviewReason, flags);
      const before = { riskFlags: order.riskFlags, reviewReason: order.reviewReason };
      await order.update({ riskFlags: flags.length ? flags : null, reviewReason: reason }, { transaction: t });
      await recordAudit({ action: 'order.email_hold_lifted', entityType: 'order', entityId: order.id, before, after: { riskFlags: order.riskFlags, reviewReason: order.reviewReason }, reason: 'Email address confirmed' }, systemCtx);
      if (reason === null) {
        await approveOrder(order.id, systemCtx);
        result.released.push(order.number);
      } else {
        result.stillInReview.push(order.number);
      }
    }
    return result;
  });
}
