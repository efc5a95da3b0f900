import { z } from 'zod';
import { setDunningExemption } from '../../src/payments/dunning/set-dunning-exemption.js';
import type { AnyAction } from '../rbac.js';
import { calendarDay, FIELDS, reason } from './inputs.js';
import { operationAction } from './operation-action.js';

/** An empty day lifts the exemption; a day keeps reminders, retries and suspension away until its end (UTC). */
const exemptionInput = z.object({
  until: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), calendarDay.refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'a real calendar day').optional()),
  reason,
});
const exemptionFields = [
  { name: 'until', label: 'Exempt until (UTC day; empty lifts the exemption)', kind: 'date' as const, required: false },
  FIELDS.reason,
];
const untilOf = (day: string | undefined) => (day ? new Date(`${day}T23:59:59Z`) : null);

/** "Dunning exemption" on a customer (all their invoices) or on one open invoice, e.g. after a promise to pay. */
export const customerDunningActions: Record<string, AnyAction> = {
  dunningExemption: operationAction({
    icon: 'PauseCircle',
    guard: 'confirmDunningExemption',
    when: (p) => p.status !== 'closed',
    input: exemptionInput,
    fields: exemptionFields,
    run: (id, input, ctx) => setDunningExemption({ customerId: id, until: untilOf(input.until), reason: input.reason }, ctx),
    done: 'dunningExemptionSet',
  }),
};

export const invoiceDunningActions: Record<string, AnyAction> = {
  dunningExemption: operationAction({
    icon: 'PauseCircle',
    guard: 'confirmDunningExemption',
    when: (p) => p.status === 'open',
    input: exemptionInput,
    fields: exemptionFields,
    run: (id, input, ctx) => setDunningExemption({ invoiceId: id, until: untilOf(input.until), reason: input.reason }, ctx),
    done: 'dunningExemptionSet',
  }),
};
