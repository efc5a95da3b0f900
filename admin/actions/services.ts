import { z } from 'zod';
import { suspendService } from '../../src/provisioning/services/suspend-service.js';
import { terminateService } from '../../src/provisioning/services/terminate-service.js';
import { unsuspendService } from '../../src/provisioning/services/unsuspend-service.js';
import type { AnyAction } from '../rbac.js';
import { retryProvisioning } from '../../src/provisioning/orchestration/retry-provisioning.js';
import { powerAction } from '../../src/provisioning/services/power-action.js';
import { FIELDS, noInput, optionalText, withReason } from './inputs.js';
import { bulkOperationAction, operationAction } from './operation-action.js';

/** Service actions queue a provisioning task (the orchestrator carries it to the panel); each audits its request. */
export const serviceActions: Record<string, AnyAction> = {
  suspend: operationAction({
    icon: 'PauseCircle',
    guard: 'confirmSuspendService',
    when: (p) => p.status === 'active',
    input: withReason,
    fields: [FIELDS.reason],
    run: (id, { reason }, ctx) => suspendService(id, { reason }, ctx),
    done: 'serviceSuspendRequested',
  }),
  unsuspend: operationAction({
    icon: 'PlayCircle',
    guard: 'confirmUnsuspendService',
    when: (p) => p.status === 'suspended',
    input: z.object({ reason: optionalText(255) }),
    fields: [FIELDS.optionalReason],
    run: (id, { reason }, ctx) => unsuspendService(id, { reason: reason ?? null }, ctx),
    done: 'serviceUnsuspendRequested',
  }),
  terminate: operationAction({
    icon: 'Trash2',
    guard: 'confirmTerminateService',
    when: (p) => p.status !== 'terminated',
    input: withReason,
    fields: [FIELDS.reason],
    run: (id, { reason }, ctx) => terminateService(id, { reason }, ctx),
    done: 'serviceTerminateRequested',
  }),
  power: operationAction({
    icon: 'Power',
    guard: 'confirmPowerService',
    when: (p) => p.status === 'active',
    input: z.object({ action: z.enum(['boot', 'shutdown', 'restart']) }),
    fields: [{ name: 'action', label: 'Power action', kind: 'select', required: true, options: [{ value: 'restart', label: 'Restart' }, { value: 'boot', label: 'Boot' }, { value: 'shutdown', label: 'Shut down' }] }],
    run: (id, { action }, ctx) => powerAction(id, action, ctx),
    done: 'servicePowerSent',
  }),
  retryProvisioning: operationAction({
    icon: 'RefreshCw',
    guard: 'confirmRetryProvisioning',
    when: (p) => p.status === 'failed' || p.status === 'waitlisted',
    input: noInput,
    run: (id, _input, ctx) => retryProvisioning(id, ctx),
    done: 'provisioningRetried',
  }),
  bulkSuspend: bulkOperationAction({
    icon: 'PauseCircle',
    guard: 'confirmBulkSuspendServices',
    when: (p) => p.status === 'active',
    input: withReason,
    fields: [FIELDS.reason],
    run: (id, { reason }, ctx) => suspendService(id, { reason }, ctx),
    done: 'servicesSuspendRequested',
  }),
};
