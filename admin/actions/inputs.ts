import { z } from 'zod';
import { isCurrency, parseDecimal } from '../../src/billing/money.js';
import { ValidationError } from '../../src/lib/errors.js';

/** Shared payload schemas of the back-office actions (AdminJS posts every field as a string). */

/** No input beyond the confirmation. */
export const noInput = z.object({});

/** Why staff did it: kept in the audit row and on the record. */
export const reason = z.string().trim().min(3).max(255);

export const withReason = z.object({ reason });

/** An empty form field is the same as a missing one. */
export const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(1).max(max).optional());

/** A decimal amount as staff type it ("12.50"), in the record's currency. */
export const decimalAmount = z.string().trim().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a positive decimal amount such as 12.50');

/** A `YYYY-MM-DD` calendar day. */
export const calendarDay = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

/** "12.50" in the currency of a record's params -> minor units (a domain ValidationError when malformed). */
export function toMinorUnits(amount: string, currency: unknown): number {
  if (!isCurrency(currency)) throw new ValidationError('currency_unknown', `Unknown currency ${String(currency)}`);
  const minor = parseDecimal(amount, currency);
  if (minor <= 0) throw new ValidationError('amount_not_positive', 'The amount must be more than zero');
  return minor;
}

/** How the action form (admin/components/ActionForm.tsx) renders one input; the zod schema still decides. */
export type ActionFieldKind = 'text' | 'textarea' | 'amount' | 'date' | 'select';

/** One input an action declares: its payload key, label, kind and whether the form insists on it. */
export interface ActionField {
  name: string;
  label: string;
  kind: ActionFieldKind;
  required: boolean;
  hint?: string;
  options?: Array<{ value: string; label: string }>;
}

/** The input fields of the shared schemas, so each action lists what staff type. */
export const FIELDS = {
  reason: { name: 'reason', label: 'Reason', kind: 'textarea', required: true, hint: 'At least 3 characters; kept in the audit log.' },
  optionalReason: { name: 'reason', label: 'Reason (optional)', kind: 'textarea', required: false },
  feedback: { name: 'feedback', label: 'Customer feedback (optional)', kind: 'textarea', required: false },
  amount: { name: 'amount', label: 'Amount', kind: 'amount', required: true, hint: 'In the currency of the record, e.g. 12.50' },
  partialAmount: { name: 'amount', label: 'Amount (empty = everything refundable)', kind: 'amount', required: false, hint: 'e.g. 12.50' },
} as const satisfies Record<string, ActionField>;
