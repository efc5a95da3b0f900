import { z } from 'zod';
import { suspendService } from '../../src/provisioning/services/suspend-service.js';
import { terminateService } from '../../src/provisioning/services/terminate-service.js';
import { unsuspendService } from '../../src/provisioning/services/unsuspend-service.js';
import type { AnyAction } from '../rbac.js';
import { optionalText, withReason } from './inputs.js';
import { operationAction } from './operation-action.js';

/** Service actions queue a provisioning task (the orchestrator carries it to the panel); each audits its request. */
export const serviceActions: Record<string, AnyAction> = {
  suspend: operationAction({
    icon: 'PauseCircle',
    guard: 'confirmSuspendService',
    when: (p) => p.status === 'active',
    input: withReason,
    run: (id, { reason }, ctx) => suspendService(id, { reason }, ctx),
    done: 'serviceSuspendRequested',
  }),
  unsuspend: operationAction({
    icon: 'PlayCircle',
    guard: 'confirmUnsuspendService',
    when: (p) => p.status === 'suspended',
    input: z.object({ reason: optionalText(255) }),
    run: (id, { reason }, ctx) => unsuspendService(id, { reason: reason ?? null }, ctx),
    done: 'serviceUnsuspendRequested',
  }),
  terminate: operationAction({
    icon: 'Trash2',
    guard: 'confirmTerminateService',
    when: (p) => p.status !== 'terminated',
    input: withReason,
    run: (id, { reason }, ctx) => terminateService(id, { reason }, ctx),
    done: 'serviceTerminateRequested',
  }),
};
