import { z } from 'zod';
import { CURRENCY_CODES } from '../../models/enums.js';
import { ValidationError } from '../../lib/errors.js';
import type { CurrencyCode } from '../../billing/money.js';

/** What every finance report is asked for: a half-open UTC range and, optionally, one currency. */
export interface ReportParams {
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Only documents in this currency; null: every currency (MRR figures then in the base currency). */
  currency: CurrencyCode | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3700;

export const reportQuery = z
  .object({
    from: z.string().regex(DAY, 'from must be a date (YYYY-MM-DD)'),
    to: z.string().regex(DAY, 'to must be a date (YYYY-MM-DD)'),
    currency: z.union([z.enum(CURRENCY_CODES), z.literal(''), z.literal('ALL')]).optional(),
  })
  .strict();

/** Reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (both days included)&currency=USD|ALL; throws ValidationError with the reason. */
export function parseReportParams(query: unknown): ReportParams {
  const parsed = reportQuery.safeParse(query);
  if (!parsed.success) throw new ValidationError('report_invalid_params', parsed.error.issues.map((i) => i.message).join('; '));
  const from = new Date(`${parsed.data.from}T00:00:00.000Z`);
  const last = new Date(`${parsed.data.to}T00:00:00.000Z`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(last.getTime()) || from.toISOString().slice(0, 10) !== parsed.data.from || last.toISOString().slice(0, 10) !== parsed.data.to) {
    throw new ValidationError('report_invalid_params', 'from and to must be real calendar dates');
  }
  if (last < from) throw new ValidationError('report_invalid_params', 'to must not be before from');
  const to = new Date(last.getTime() + 86_400_000);
  if ((to.getTime() - from.getTime()) / 86_400_000 > MAX_DAYS) throw new ValidationError('report_invalid_params', 'the range may span at most ten years');
  const currency = parsed.data.currency && parsed.data.currency !== 'ALL' ? parsed.data.currency : null;
  return { from, to, currency };
}
