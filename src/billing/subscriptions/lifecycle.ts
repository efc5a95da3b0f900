// NOTE: The subscription state machine. pending -> active once its first invoice is paid;
// active <-> past_due while a renewal invoice is overdue; suspended while services are switched off;
// cancelled (by the customer) and terminated (by staff or dunning) are final. Every transition is
// audited with before/after and emitted as an event in the same transaction.
import type { CreationAttributes, Transaction } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { forUpdate } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { SubscriptionStatus } from '../../models/enums.js';
import { Service } from '../../models/service.js';
import { Subscription } from '../../models/subscription.js';
import { requestProvisioningAction, type TaskAction } from '../../provisioning/orchestration/request-provisioning-action.js';
import { type BillingEventType, emitEvent } from '../events.js';

/** The statuses each status may move to. */
export const SUBSCRIPTION_TRANSITIONS: Readonly<Record<SubscriptionStatus, readonly SubscriptionStatus[]>> = {
  pending: ['active', 'cancelled'],
  active: ['past_due', 'suspended', 'cancelled', 'terminated'],
  past_due: ['active', 'suspended', 'cancelled', 'terminated'],
  suspended: ['active', 'cancelled', 'terminated'],
  cancelled: [],
  terminated: [],
};

/** Throws ConflictError('invalid_transition') unless `from` may move to `to`. */
export function assertTransition(subscription: Pick<Subscription, 'id' | 'status'>, to: SubscriptionStatus): void {
  const from = subscription.status as SubscriptionStatus;
  if (!SUBSCRIPTION_TRANSITIONS[from].includes(to)) {
    throw new ConflictError('invalid_transition', `Subscription ${subscription.id} cannot go from ${from} to ${to}`, { from, to });
  }
}

/** Loads a subscription with a row lock (MySQL/MariaDB) for "read, decide, write". */
export async function lockSubscription(subscriptionId: number, t: Transaction): Promise<Subscription> {
  const subscription = await Subscription.findByPk(subscriptionId, forUpdate(t));
  if (!subscription) throw new NotFoundError('subscription_not_found', `Subscription ${subscriptionId} not found`);
  return subscription;
}

/** What a transition writes besides the status, and how it is recorded. */
export interface TransitionSpec {
  readonly event: BillingEventType;
  readonly changes?: Partial<CreationAttributes<Subscription>>;
  readonly reason?: string | null;
  readonly payload?: Record<string, unknown>;
  readonly dedupeKey?: string;
}

/** Applies changes to a locked subscription (status included or not), audits them and emits the event. */
export async function recordSubscriptionChange(subscription: Subscription, spec: TransitionSpec, ctx: Ctx, t: Transaction): Promise<Subscription> {
  const before = subscription.get({ plain: true, clone: true });
  if (spec.changes) await subscription.update(spec.changes, { transaction: t });
  const tctx = withTx(ctx, t);
  await recordAudit(
    { action: spec.event, entityType: 'subscription', entityId: subscription.id, before, after: subscription.get({ plain: true }), reason: spec.reason ?? null },
    tctx,
  );
  await emitEvent(
    spec.event,
    { subscriptionId: subscription.id, customerId: subscription.customerId, status: subscription.status, ...(spec.reason ? { reason: spec.reason } : {}), ...spec.payload },
    tctx,
    { dedupeKey: spec.dedupeKey },
  );
  return subscription;
}

/** Moves a locked subscription to `to` (checked), with the other changes of the transition. */
export async function transitionSubscription(subscription: Subscription, to: SubscriptionStatus, spec: TransitionSpec, ctx: Ctx, t: Transaction): Promise<Subscription> {
  assertTransition(subscription, to);
  return recordSubscriptionChange(subscription, { ...spec, changes: { ...spec.changes, status: to } }, ctx, t);
}

/** Queues a panel action for every live service of the subscription (in `t`); returns the task ids. */
export async function requestServiceActions(
  subscription: Subscription,
  action: TaskAction,
  input: { reason: string; causeId?: string | number | null; payload?: Record<string, unknown> | null },
  ctx: Ctx,
  t: Transaction,
): Promise<number[]> {
  const services = await Service.findAll({ where: { subscriptionId: subscription.id }, transaction: t });
  const ids: number[] = [];
  for (const service of services) {
    if (service.status === 'terminated') continue;
    const { task } = await requestProvisioningAction(
      service.id,
      action,
      { reason: input.reason, requestedBy: ctx.actor.userId, causeId: input.causeId ?? null, payload: input.payload ?? null },
      withTx(ctx, t),
    );
    ids.push(task.id);
  }
  return ids;
}

/** Whole seconds: periods are stored in DATETIME columns without fractions, and renewal keys must match them. */
export function toWholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
