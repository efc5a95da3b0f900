import type { Router } from 'express';
import { asyncHandler } from '../../src/http/async.js';
import { findReport } from '../../src/analytics/reports/catalog.js';
import { parseReportParams, type ReportParams } from '../../src/analytics/reports/report-params.js';
import { streamReportCsv } from '../../src/analytics/reports/stream-report-csv.js';
import { recordAudit } from '../../src/audit/record-audit.js';
import { ValidationError } from '../../src/lib/errors.js';
import { requireStaff } from '../auth/require-staff.js';
import { staffCtx } from '../context.js';
import { mayUseReports } from './access.js';

/** Where the exports are downloaded, relative to the back office root: /admin/reports/<name>.csv?from=&to=&currency=. */
export const REPORT_CSV_PATH = '/reports/:name.csv';

/** The path of one export with its query, as the Reports page links it. */
export function reportCsvHref(root: string, name: string, query: { from: string; to: string; currency: string }): string {
  return `${root}/reports/${encodeURIComponent(name)}.csv?${new URLSearchParams(query).toString()}`;
}

/**
 * GET /admin/reports/<name>.csv: a finance export streamed as CSV. Signed-in finance or admin staff
 * only (others get 403); bad parameters get 400 with the reason; each export is in the audit log.
 */
export function mountReportRoutes(router: Router): void {
  router.get(
    REPORT_CSV_PATH,
    requireStaff,
    asyncHandler(async (req, res) => {
      const staff = req.session.adminUser;
      if (!mayUseReports(staff)) {
        res.status(403).type('text').send('Finance reports are for finance and admin staff.');
        return;
      }
      const report = findReport(String(req.params.name));
      if (!report) {
        res.status(404).type('text').send('There is no such report.');
        return;
      }
      let params: ReportParams;
      try {
        params = parseReportParams(req.query);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        res.status(400).type('text').send(err.message);
        return;
      }
      const from = params.from.toISOString().slice(0, 10);
      const to = new Date(params.to.getTime() - 86_400_000).toISOString().slice(0, 10);
      await recordAudit({ action: 'report.exported', entityType: 'report', entityId: report.name, after: { report: report.name, from, to, currency: params.currency ?? 'ALL' } }, staffCtx(staff));
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${report.name}-${from}-to-${to}${params.currency ? `-${params.currency}` : ''}.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      await streamReportCsv(report, params, res);
    }),
  );
}
