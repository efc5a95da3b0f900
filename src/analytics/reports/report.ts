import type { ReportParams } from './report-params.js';
import type { Cell } from './rows.js';

/** A finance export: its columns and its rows, produced lazily so a million rows use constant memory. */
export interface Report {
  name: string;
  title: string;
  description: string;
  columns: readonly string[];
  rows(params: ReportParams): AsyncIterable<Cell[]>;
}

/** SQL and replacements restricting a currency column to the report's currency, when one was asked. */
export function currencyFilter(column: string, params: ReportParams): { sql: string; values: Record<string, unknown> } {
  return params.currency ? { sql: `AND ${column} = :currency`, values: { currency: params.currency } } : { sql: '', values: {} };
}

/** Invoice statuses whose amounts count in finance reports (issued and not voided). */
export const ISSUED_STATUSES_SQL = "('open', 'paid', 'uncollectible')";
