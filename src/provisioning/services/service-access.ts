import type { Ctx } from '../../lib/context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { ServiceStatus } from '../../models/enums.js';
import { buildDriver } from '../config.js';
import type { ProvisioningDriver, ServiceRef } from '../driver.js';
import { AttemptRecorder } from '../orchestration/attempt-logs.js';
import { loadServiceSubject, type ServiceSubject } from '../orchestration/service-subject.js';

/**
 * Loads a service for the caller: staff, the system and API tokens see any; a customer only their own (anything else
 * is "not found", and `customers: false` operations are forbidden to them).
 */
export async function loadServiceFor(serviceId: number, ctx: Ctx, opts: { customers: boolean; secrets?: boolean }): Promise<ServiceSubject> {
  if (ctx.actor.type === 'customer' && !opts.customers) throw new ForbiddenError('staff_only', 'Only staff can do that');
  const subject = await loadServiceSubject(serviceId, { transaction: ctx.transaction, secrets: opts.secrets });
  if (ctx.actor.type === 'customer' && (subject.user.id !== ctx.actor.userId || subject.service.deletedAt)) {
    throw new NotFoundError('service_not_found', `Service ${serviceId} not found`);
  }
  return subject;
}

/** Fails unless the service is in one of `statuses` (e.g. power only while active). */
export function requireStatus(subject: ServiceSubject, statuses: readonly ServiceStatus[]): void {
  const { status, id } = subject.service;
  if (!statuses.includes(status)) throw new ConflictError('service_not_available', `Service ${id} is ${status}; this needs it ${statuses.join(' or ')}`);
}

/** Calls the service's panel directly (power, usage, reinstall, password), logging every HTTP attempt under `action`. */
export async function callServiceDriver<T>(
  subject: ServiceSubject,
  action: string,
  fn: (driver: ProvisioningDriver, ref: ServiceRef) => Promise<T>,
  ctx: Ctx,
): Promise<T> {
  const { service } = subject;
  if (!service.externalId) throw new ConflictError('service_not_provisioned', `Service ${service.id} is not on a panel yet`);
  const recorder = new AttemptRecorder({ serviceId: service.id, taskId: null, driver: service.driver, action });
  try {
    const driver = await buildDriver(service.driver, { onAttempt: recorder.onAttempt });
    return await fn(driver, { externalId: service.externalId, reference: service.reference });
  } finally {
    await recorder.flush(ctx.now);
  }
}
