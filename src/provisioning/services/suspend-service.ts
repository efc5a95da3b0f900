import type { Ctx } from '../../lib/context.js';
import type { ProvisioningActionOutcome } from '../orchestration/request-provisioning-action.js';
import { requestServiceAction, type ServiceActionInput } from './request-service-action.js';

/** Queues the suspension of a service on its panel (dunning, abuse, staff); one task per cause. */
export function suspendService(serviceId: number, input: ServiceActionInput, ctx: Ctx): Promise<ProvisioningActionOutcome> {
  return requestServiceAction(serviceId, 'suspend', input, ctx);
}
