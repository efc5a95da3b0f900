import type { ActionResponse } from 'adminjs';
import { hostOfSurface, surfaceBaseUrl } from '../../src/http/hosts.js';
import { isAppError } from '../../src/lib/errors.js';
import { Components } from '../component-loader.js';
import { staffCtx } from '../context.js';
import { customerOverview } from '../customer-overview.js';
import { startImpersonation } from '../operations/start-impersonation.js';
import { roleOf, type AnyAction } from '../rbac.js';
import { FIELDS, withReason } from './inputs.js';
import { parseActionInput, type ActionFormSpec } from './operation-action.js';

/** Where the portal is: its own host when ACCOUNT_HOST differs from the back office's, else this host. */
function portalBase(): string {
  return hostOfSurface('account') && hostOfSurface('account') !== hostOfSurface('admin') ? surfaceBaseUrl('account') : '';
}

const impersonateForm: ActionFormSpec = { intro: 'confirmImpersonate', fields: [FIELDS.reason] };

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
};
