import type { ActionResponse } from 'adminjs';
import { z } from 'zod';
import { suspendCustomer } from '../../src/auth/accounts/suspend-customer.js';
import { unsuspendCustomer } from '../../src/auth/accounts/unsuspend-customer.js';
import { hostOfSurface, surfaceBaseUrl } from '../../src/http/hosts.js';
import { isAppError } from '../../src/lib/errors.js';
import { Components } from '../component-loader.js';
import { staffCtx } from '../context.js';
import { customerOverview } from '../customer-overview.js';
import { startImpersonation } from '../operations/start-impersonation.js';
import { roleOf, type AnyAction } from '../rbac.js';
import { FIELDS, optionalText, reason, withReason } from './inputs.js';
import { operationAction, parseActionInput, type ActionFormSpec } from './operation-action.js';

/** Where the portal is: its own host when ACCOUNT_HOST differs from the back office's, else this host. */
function portalBase(): string {
  return hostOfSurface('account') && hostOfSurface('account') !== hostOfSurface('admin') ? surfaceBaseUrl('account') : '';
}

const impersonateForm: ActionFormSpec = { intro: 'confirmImpersonate', fields: [FIELDS.reason] };

/** A yes/no select (AdminJS posts strings): true for "yes"; "no" is the default choice. */
const yesNo = z.enum(['yes', 'no']).transform((v) => v === 'yes');
const noYes = [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }];

/** Customer actions: the overview (detail with everything related) and viewing the portal as the customer. */
export const customerActions: Record<string, AnyAction> = {
  overview: {
    actionType: 'record',
    icon: 'Layers',
    component: Components.CustomerOverview,
    handler: async (_request, _response, { record, currentAdmin }): Promise<ActionResponse> => {
      if (!record) throw new Error('overview without a record');
      const role = roleOf(currentAdmin);
      const sections = role ? await customerOverview(Number(record.id()), role) : [];
      return { record: record.toJSON(currentAdmin), sections };
    },
  },
  impersonate: {
    actionType: 'record',
    icon: 'Eye',
    component: Components.ActionForm,
    custom: impersonateForm,
    isVisible: ({ record }) => !!record && record.params.status !== 'closed',
    handler: async (request, _response, { record, currentAdmin }): Promise<ActionResponse> => {
      if (!record) throw new Error('impersonate without a record');
      const shown = () => record.toJSON(currentAdmin);
      if (request.method !== 'post') return { record: shown() };
      const parsed = parseActionInput(withReason, request);
      if ('invalid' in parsed) return { record: shown(), notice: { message: parsed.invalid, type: 'error' } };
      try {
        const { token } = await startImpersonation({ customerId: Number(record.id()), reason: parsed.data.reason }, staffCtx(currentAdmin));
        return { record: shown(), redirectUrl: `${portalBase()}/account/impersonation/start?token=${encodeURIComponent(token)}`, notice: { message: 'impersonationStarted', type: 'success' } };
      } catch (err) {
        if (!isAppError(err)) throw err;
        return { record: shown(), notice: { message: err.message, type: 'error' } };
      }
    },
  },
  suspendAccount: operationAction({
    icon: 'UserX',
    guard: 'confirmSuspendAccount',
    when: (p) => p.status === 'active',
    input: z.object({ reason, suspendServices: yesNo }),
    fields: [FIELDS.reason, { name: 'suspendServices', label: 'Also suspend the active services on their panels', kind: 'select', required: true, options: noYes }],
    run: (id, input, ctx) => suspendCustomer({ customerId: id, reason: input.reason, suspendServices: input.suspendServices }, ctx),
    done: 'accountSuspended',
  }),
  unsuspendAccount: operationAction({
    icon: 'UserCheck',
    guard: 'confirmUnsuspendAccount',
    when: (p) => p.status === 'suspended',
    input: z.object({ reason: optionalText(255), unsuspendServices: yesNo }),
    fields: [FIELDS.optionalReason, { name: 'unsuspendServices', label: 'Also unsuspend the services this suspension switched off', kind: 'select', required: true, options: noYes }],
    run: (id, input, ctx) => unsuspendCustomer({ customerId: id, reason: input.reason ?? null, unsuspendServices: input.unsuspendServices }, ctx),
    done: 'accountUnsuspended',
  }),
};
