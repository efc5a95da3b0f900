import { invoicesReport, overageReport, paymentsReport, refundsReport } from './document-reports.js';
import type { Report } from './report.js';
import { agedReceivablesReport, mrrMovementsReport, revenueByPlanReport, taxReport } from './summary-reports.js';

/** The finance exports, in the order the Reports page lists them. */
export const REPORTS: readonly Report[] = [
  invoicesReport,
  paymentsReport,
  refundsReport,
  taxReport,
  revenueByPlanReport,
  mrrMovementsReport,
  overageReport,
  agedReceivablesReport,
];

/** The report called `name`, if any. */
export function findReport(name: string): Report | undefined {
  return REPORTS.find((r) => r.name === name);
}
