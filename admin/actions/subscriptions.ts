import { z } from 'zod';
import { cancelSubscription } from '../../src/billing/subscriptions/cancel-subscription.js';
import type { AnyAction } from '../rbac.js';
import { extendDueDate } from '../../src/billing/subscriptions/extend-due-date.js';
import { calendarDay, FIELDS, optionalText, reason } from './inputs.js';
import { operationAction } from './operation-action.js';

const cancellation = z.object({ reason, feedback: optionalText(2000) });
const scheduled = (p: Record<string, unknown>) => p.cancelAtPeriodEnd === true || p.cancelAtPeriodEnd === 'true';

/** Cancel a subscription at the end of its period (it renews no more) or now (services terminated). */
export const subscriptionActions: Record<string, AnyAction> = {
  cancelAtPeriodEnd: operationAction({
    icon: 'Clock',
    guard: 'confirmCancelAtPeriodEnd',
    when: (p) => ['active', 'past_due', 'suspended'].includes(String(p.status)) && !scheduled(p),
    input: cancellation,
    fields: [FIELDS.reason, FIELDS.feedback],
    run: (id, input, ctx) => cancelSubscription({ subscriptionId: id, mode: 'period_end', reason: input.reason, feedback: input.feedback ?? null }, ctx),
    done: 'subscriptionCancelScheduled',
  }),
  cancelNow: operationAction({
    icon: 'XOctagon',
    guard: 'confirmCancelNow',
    when: (p) => !['cancelled', 'terminated'].includes(String(p.status)),
    input: cancellation,
    fields: [FIELDS.reason, FIELDS.feedback],
    run: (id, input, ctx) => cancelSubscription({ subscriptionId: id, mode: 'immediately', reason: input.reason, feedback: input.feedback ?? null }, ctx),
    done: 'subscriptionCancelled',
  }),
  extendDueDate: operationAction({
    icon: 'Calendar',
    guard: 'confirmExtendDueDate',
    when: (p) => !['cancelled', 'terminated'].includes(String(p.status)),
    input: z.object({ until: calendarDay.refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'a real calendar day'), reason }),
    fields: [{ name: 'until', label: 'No suspension for non-payment before (UTC day)', kind: 'date', required: true }, FIELDS.reason],
    // NOTE: the extension runs to the end of the given UTC day.
    run: (id, input, ctx) => extendDueDate({ subscriptionId: id, until: new Date(`${input.until}T23:59:59Z`), reason: input.reason }, ctx),
    done: 'dueDateExtended',
  }),
};
