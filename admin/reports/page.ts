import type { AdminPage, PageHandler } from 'adminjs';
import { REPORTS } from '../../src/analytics/reports/catalog.js';
import { config } from '../../config/index.js';
import { clock } from '../../src/lib/clock.js';
import { CURRENCY_CODES } from '../../src/models/enums.js';
import { Components } from '../component-loader.js';
import { ADMIN_PATHS } from '../paths.js';
import { mayUseReports } from './access.js';

/** What the Reports page shows: the exports, the currencies and a default range (this month so far). */
export interface ReportsPageData {
  allowed: boolean;
  downloadRoot: string;
  reports: Array<{ name: string; title: string; description: string; columns: string[] }>;
  currencies: string[];
  baseCurrency: string;
  defaults: { from: string; to: string };
}

/** The page handler: refuses (allowed: false, nothing listed) unless finance or admin; the downloads check again. */
export const reportsPageHandler: PageHandler = async (_request, _response, context) => {
  const now = clock.now();
  const base: Omit<ReportsPageData, 'allowed' | 'reports'> = {
    downloadRoot: ADMIN_PATHS.root,
    currencies: [...CURRENCY_CODES],
    baseCurrency: config().baseCurrency,
    defaults: { from: `${now.toISOString().slice(0, 7)}-01`, to: now.toISOString().slice(0, 10) },
  };
  if (!mayUseReports(context.currentAdmin)) return { ...base, allowed: false, reports: [] } satisfies ReportsPageData;
  return { ...base, allowed: true, reports: REPORTS.map((r) => ({ name: r.name, title: r.title, description: r.description, columns: [...r.columns] })) } satisfies ReportsPageData;
};

/** The custom AdminJS page `reports` (Reports in the sidebar). */
export const reportsPage: AdminPage = { component: Components.Reports, handler: reportsPageHandler, icon: 'FileText' };
