// NOTE: A service runs until its subscription's current period ends; the renewal invoice of the next
// period is issued `billing.renewal_lead_days` before that end and bills from it. Extending the
// expiry moves the period end (and the anchor day, so later periods are whole cycles from the new
// date): the renewal job then issues the next invoice for the new date. No money moves. While a
// renewal invoice for the old end exists (not void), the end cannot move: that invoice already
// bills the next period (extend its due date instead, or void it first).
import { Op } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { AuditLog, Invoice, Service, type Subscription } from '../../models/index.js';
import { assertStaff, requiredReason } from '../../support/staff-guard.js';
import { renewalKey } from '../renewals/renewal-subject.js';
import { lockSubscription } from './lifecycle.js';

const DAY_MS = 86_400_000;
/** The longest a single extension may push the expiry. */
export const MAX_EXTENSION_DAYS = 3650;
export const EXPIRY_EXTENDED = 'service.expiry_extended';

export interface ExtendServiceExpiryInput {
  readonly serviceId: number;
  /** Push the current expiry by this many whole days ... */
  readonly days?: number | null;
  /** ... or set this as the new expiry. */
  readonly until?: Date | null;
  readonly reason: string;
}

export interface ExtendServiceExpiryOutcome {
  /** False when nothing changed (the same date again, or this request already applied). */
  readonly changed: boolean;
  readonly previousEnd: Date;
  readonly currentPeriodEnd: Date;
}

function targetEnd(input: ExtendServiceExpiryInput, end: Date): Date {
  const byDays = input.days !== undefined && input.days !== null;
  const byDate = input.until !== undefined && input.until !== null;
  if (byDays === byDate) throw new ValidationError('expiry_extension_input', 'Give either a number of days or a new date');
  if (byDays) {
    const days = Number(input.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) throw new ValidationError('expiry_extension_days', `Days must be a whole number from 1 to ${MAX_EXTENSION_DAYS}`);
    return new Date(end.getTime() + days * DAY_MS);
  }
  const until = input.until as Date;
  if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw new ValidationError('expiry_extension_date', 'Not a valid date');
  return until;
}

/** Refuses while the next period is already invoiced from the current end (that invoice would bill twice). */
async function assertNextPeriodNotInvoiced(subscription: Subscription, end: Date, ctx: Ctx): Promise<void> {
  const renewal = await Invoice.findOne({
    where: { idempotencyKey: renewalKey(subscription.id, end), status: { [Op.ne]: 'void' } },
    attributes: ['id', 'number', 'status'],
    transaction: ctx.transaction,
  });
  if (renewal) {
    throw new ConflictError(
      'renewal_already_issued',
      `Invoice ${renewal.number ?? renewal.id} (${renewal.status}) already bills the period from ${end.toISOString().slice(0, 10)}; extend its due date or void it first`,
      { invoiceId: renewal.id },
    );
  }
}

/**
 * Staff extend how long a service runs before its next renewal: its subscription's current period
 * end moves by `days` or to `until` (a later or earlier date, never into the past). Audited with
 * before/after. Setting the same date twice changes nothing; pushing by days applies once per request.
 */
export async function extendServiceExpiry(input: ExtendServiceExpiryInput, ctx: Ctx): Promise<ExtendServiceExpiryOutcome> {
  assertStaff(ctx, 'extend a service');
  const reason = requiredReason(input.reason, 'expiry_extension_reason_required', 'A reason is required to extend a service');
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const service = await Service.findByPk(input.serviceId, { transaction: t });
    if (!service) throw new NotFoundError('service_not_found', `Service ${input.serviceId} not found`);
    if (service.status === 'terminated') throw new ConflictError('service_terminated', `Service ${service.id} is terminated`);
    const subscription = await lockSubscription(service.subscriptionId, t);
    if (!['active', 'past_due', 'suspended'].includes(subscription.status)) {
      throw new ConflictError('invalid_transition', `Subscription ${subscription.id} is ${subscription.status}`, { from: subscription.status });
    }
    const end = subscription.currentPeriodEnd;
    if (!end) throw new ConflictError('subscription_not_started', `Subscription ${subscription.id} has no billing period yet`);
    const unchanged = { changed: false, previousEnd: end, currentPeriodEnd: end };
    if (input.days != null) {
      const applied = await AuditLog.count({ where: { action: EXPIRY_EXTENDED, entityId: String(service.id), requestId: ctx.requestId.slice(0, 64) }, transaction: t });
      if (applied > 0) return unchanged;
    }
    const next = targetEnd(input, end);
    if (next.getTime() <= ctx.now.getTime()) throw new ValidationError('expiry_in_past', 'The new expiry must be in the future');
    if (next.getTime() === end.getTime()) return unchanged;
    if (subscription.currentPeriodStart && next.getTime() <= subscription.currentPeriodStart.getTime()) {
      throw new ValidationError('expiry_before_period_start', 'The new expiry must be after the start of the current period');
    }
    await assertNextPeriodNotInvoiced(subscription, end, tctx);
    const before = { subscriptionId: subscription.id, currentPeriodEnd: end, anchorDay: subscription.anchorDay };
    await subscription.update({ currentPeriodEnd: next, anchorDay: next.getUTCDate() }, { transaction: t });
    await recordAudit(
      { action: EXPIRY_EXTENDED, entityType: 'service', entityId: service.id, before, after: { subscriptionId: subscription.id, currentPeriodEnd: next, anchorDay: subscription.anchorDay }, reason },
      tctx,
    );
    return { changed: true, previousEnd: end, currentPeriodEnd: next };
  });
}
