import type { Ctx } from '../../lib/context.js';
import type { ProvisioningActionOutcome } from '../orchestration/request-provisioning-action.js';
import { requestServiceAction, type ServiceActionInput } from './request-service-action.js';

/** Queues the termination of a service (dunning, cancellation, staff): removed from the panel once. */
export function terminateService(serviceId: number, input: ServiceActionInput, ctx: Ctx): Promise<ProvisioningActionOutcome> {
  return requestServiceAction(serviceId, 'terminate', input, ctx);
}
