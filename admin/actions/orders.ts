import { approveOrder } from '../../src/billing/orders/approve-order.js';
import { rejectOrder } from '../../src/billing/orders/reject-order.js';
import type { AnyAction } from '../rbac.js';
import { FIELDS, noInput, withReason } from './inputs.js';
import { operationAction } from './operation-action.js';

/** Order review: approve an order waiting for review, or reject one not yet fulfilled (with a reason). */
export const orderActions: Record<string, AnyAction> = {
  approve: operationAction({
    icon: 'CheckCircle',
    guard: 'confirmApproveOrder',
    when: (p) => p.status === 'pending_review',
    input: noInput,
    run: (id, _input, ctx) => approveOrder(id, ctx),
    done: 'orderApproved',
  }),
  reject: operationAction({
    icon: 'XCircle',
    guard: 'confirmRejectOrder',
    when: (p) => ['pending', 'pending_review', 'approved'].includes(String(p.status)),
    input: withReason,
    fields: [FIELDS.reason],
    run: (id, { reason }, ctx) => rejectOrder(id, reason, ctx),
    done: 'orderRejected',
  }),
};
