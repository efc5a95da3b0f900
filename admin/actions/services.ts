import { z } from 'zod';
import { extendServiceExpiry } from '../../src/billing/subscriptions/extend-service-expiry.js';
import { isAppError } from '../../src/lib/errors.js';
import { suspendService } from '../../src/provisioning/services/suspend-service.js';
import { terminateService } from '../../src/provisioning/services/terminate-service.js';
import { unsuspendService } from '../../src/provisioning/services/unsuspend-service.js';
import type { AnyAction } from '../rbac.js';
import { retryProvisioning } from '../../src/provisioning/orchestration/retry-provisioning.js';
import { powerAction } from '../../src/provisioning/services/power-action.js';
import { Components } from '../component-loader.js';
import { staffCtx } from '../context.js';
import { restoreService } from '../operations/restore-service.js';
import { calendarDay, FIELDS, noInput, optionalText, reason, withReason } from './inputs.js';
import { bulkOperationAction, operationAction, parseActionInput, type ActionFormSpec } from './operation-action.js';

const emptyIsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Either a number of days to push the expiry by or a new expiry day (UTC, end of the day), with a reason. */
const expiryInput = z
  .object({
    days: z.preprocess(emptyIsMissing, z.coerce.number().int().min(1).max(3650).optional()),
    until: z.preprocess(emptyIsMissing, calendarDay.refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'a real calendar day').optional()),
    reason,
  })
  .refine((v) => (v.days === undefined) !== (v.until === undefined), { message: 'either days or a new date', path: ['days'] });

const restoreInput = z.object({ service: z.string().trim().min(1).max(64), reason });
const restoreForm: ActionFormSpec = {
  intro: 'confirmRestoreService',
  fields: [{ name: 'service', label: 'Archived service (id or reference)', kind: 'text', required: true, hint: 'The audit log lists archived services (service.deleted).' }, FIELDS.reason],
};

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
  extendExpiry: operationAction({
    icon: 'Calendar',
    guard: 'confirmExtendServiceExpiry',
    when: (p) => p.status !== 'terminated',
    input: expiryInput,
    fields: [
      { name: 'days', label: 'Push the expiry by (days)', kind: 'text', required: false, hint: 'e.g. 7; or leave empty and give a new date' },
      { name: 'until', label: 'Or set the new expiry (UTC day)', kind: 'date', required: false },
      FIELDS.reason,
    ],
    // NOTE: a new day runs to the end of that UTC day.
    run: (id, input, ctx) => extendServiceExpiry({ serviceId: id, days: input.days ?? null, until: input.until ? new Date(`${input.until}T23:59:59Z`) : null, reason: input.reason }, ctx),
    done: 'serviceExpiryExtended',
  }),
  retryProvisioning: operationAction({
    icon: 'RefreshCw',
    guard: 'confirmRetryProvisioning',
    when: (p) => p.status === 'failed' || p.status === 'waitlisted',
    input: noInput,
    run: (id, _input, ctx) => retryProvisioning(id, ctx),
    done: 'provisioningRetried',
  }),
  restoreArchived: {
    actionType: 'resource',
    icon: 'RotateCcw',
    component: Components.ActionForm,
    custom: restoreForm,
    // NOTE: a resource action, because AdminJS cannot load an archived (soft-deleted) row for a record action.
    handler: async (request, _response, { currentAdmin }) => {
      if (request.method !== 'post') return {};
      const parsed = parseActionInput(restoreInput, request);
      if ('invalid' in parsed) return { notice: { message: parsed.invalid, type: 'error' } };
      try {
        const { changed } = await restoreService({ idOrReference: parsed.data.service, reason: parsed.data.reason }, staffCtx(currentAdmin));
        return { notice: { message: changed ? 'serviceRestored' : 'serviceNotArchived', type: changed ? 'success' : 'info' } };
      } catch (err) {
        if (!isAppError(err)) throw err;
        return { notice: { message: err.message, type: 'error' } };
      }
    },
  },
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
