import type { Ctx } from '../../lib/context.js';
import type { ProvisioningActionOutcome } from '../orchestration/request-provisioning-action.js';
import { requestServiceAction, type ServiceActionInput } from './request-service-action.js';

/** Queues lifting a suspension (payment received, staff); one task per cause. */
export function unsuspendService(serviceId: number, input: ServiceActionInput, ctx: Ctx): Promise<ProvisioningActionOutcome> {
  return requestServiceAction(serviceId, 'unsuspend', input, ctx);
}
