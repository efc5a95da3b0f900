import { isIP } from 'node:net';
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { AppError, ProvisioningError } from '../../lib/errors.js';
import { OrderItem, ProvisioningTask, WaitlistEntry } from '../../models/index.js';
import type { ProvisioningTaskStatus } from '../../models/enums.js';
import type { ServiceSubject } from './service-subject.js';

/** Minutes to wait after the n-th failed attempt (the last value repeats). */
export const BACKOFF_MINUTES = [1, 2, 5, 10, 30] as const;

/** The wait before the next attempt after `attempts` failed ones. */
export function backoffMs(attempts: number): number {
  const index = Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1;
  return (BACKOFF_MINUTES[index] ?? 30) * 60_000;
}

export interface ErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
}

/** Our reading of a failure: panel errors say whether to retry; other known errors do not; unknown ones (bugs, database) do. */
export function describeError(err: unknown): ErrorInfo {
  if (err instanceof ProvisioningError) return { code: err.code, message: err.message.slice(0, 1000), retryable: err.retryable };
  if (err instanceof AppError) return { code: err.code, message: err.message.slice(0, 1000), retryable: false };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal_error', message: message.slice(0, 1000), retryable: true };
}

/**
 * Moves a claimed task on, only while `token` still holds it; false when another worker took it over
 * (its lease ran out), in which case nothing else may be written.
 */
export async function settleTask(
  task: ProvisioningTask,
  token: string,
  values: { status: ProvisioningTaskStatus; nextAttemptAt?: Date | null; lastError?: string | null; result?: Record<string, unknown> | null },
  now: Date,
  transaction: Transaction,
): Promise<boolean> {
  const finished = values.status === 'succeeded' || values.status === 'failed';
  const [changed] = await ProvisioningTask.update(
    {
      ...values,
      claimedBy: null,
      claimedUntil: null,
      ...(finished ? { finishedAt: now, nextAttemptAt: null } : {}),
    },
    { where: { id: task.id, claimedBy: token, status: 'running' }, transaction },
  );
  return changed === 1;
}

/** The order a subscription came from (for waitlist entries), if any. */
export async function orderIdOf(subject: ServiceSubject, transaction?: Transaction): Promise<number | null> {
  const itemId = subject.subscription.orderItemId;
  if (!itemId) return null;
  const item = await OrderItem.findByPk(itemId, { attributes: ['id', 'orderId'], transaction });
  return item?.orderId ?? null;
}

/** The open waitlist entry of this service's order (or customer and plan), created when there is none. */
export async function ensureWaitlistEntry(subject: ServiceSubject, transaction: Transaction): Promise<WaitlistEntry> {
  const orderId = await orderIdOf(subject, transaction);
  const where = { planId: subject.plan.id, customerId: subject.customer.id, orderId, status: { [Op.in]: ['waiting', 'notified'] } };
  const open = await WaitlistEntry.findOne({ where, transaction });
  if (open) return open;
  return WaitlistEntry.create({ planId: subject.plan.id, customerId: subject.customer.id, orderId, status: 'waiting' }, { transaction });
}

/** True when the service went through the waitlist (its last create failed for want of stock). */
export function wasWaitlisted(subject: ServiceSubject): boolean {
  return subject.service.status === 'waitlisted' || Boolean(subject.service.lastError?.startsWith('no_inventory'));
}

/** Closes the service's open waitlist entry as fulfilled (provisioned) or cancelled (terminated). */
export async function closeWaitlistEntry(subject: ServiceSubject, status: 'fulfilled' | 'cancelled', now: Date, transaction: Transaction): Promise<void> {
  const orderId = await orderIdOf(subject, transaction);
  await WaitlistEntry.update(
    status === 'fulfilled' ? { status, fulfilledAt: now } : { status, cancelledAt: now },
    { where: { planId: subject.plan.id, customerId: subject.customer.id, orderId, status: { [Op.in]: ['waiting', 'notified'] } }, transaction },
  );
}

/** Valid IP addresses only (the `primary_ip` column checks). */
export function validIps(ips: readonly string[]): string[] {
  return ips.filter((ip) => isIP(ip) !== 0);
}

/** The alert key of a task's failure: `<prefix>:<taskId>`, with the staff retry round after a retry. */
export function alertKey(prefix: string, task: ProvisioningTask): string {
  const retries = Number(task.payload?.retries ?? 0);
  return retries > 0 ? `${prefix}:${task.id}:retry-${retries}` : `${prefix}:${task.id}`;
}
