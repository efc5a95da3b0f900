import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import { getDashboardFigures, type DashboardFigures } from '../src/analytics/get-dashboard-figures.js';
import { isSqlite, sequelize } from '../src/db/sequelize.js';
import { clock } from '../src/lib/clock.js';
import { initialisedModel } from './resources/index.js';

/** What the Dashboard component shows; a count is null while its model does not exist yet. */
export interface DashboardData {
  counts: { customers: number | null; activeSubscriptions: number | null; openInvoices: number | null; openTickets: number | null };
  /** New customers per UTC day, oldest first, `days` entries ending today. */
  newCustomers: Array<{ day: string; count: number }>;
  /** MRR, movements, churn, revenue, receivables, cohorts and operations (src/analytics). */
  figures: DashboardFigures;
}

const DAY_MS = 86_400_000;

async function countOf(name: string, where: WhereOptions = {}): Promise<number | null> {
  const model = initialisedModel(name);
  return model ? model.count({ where }) : null;
}

/** New customers per UTC day since `since`, counted in the database (the day as YYYY-MM-DD text in both dialects). */
async function newCustomersPerDay(since: Date): Promise<Array<{ day: string; n: unknown }>> {
  const day = isSqlite() ? 'substr(created_at, 1, 10)' : 'CAST(DATE(created_at) AS CHAR)';
  return sequelize().query(`SELECT ${day} AS day, COUNT(*) AS n FROM customers WHERE created_at >= :since GROUP BY ${day}`, { replacements: { since }, type: QueryTypes.SELECT });
}

/** Counts, the new-customer series and the analytics figures, from the database (dashboard.handler). */
export async function dashboardData(now: Date = clock.now(), days = 30): Promise<DashboardData> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const [customers, activeSubscriptions, openInvoices, openTickets, recent, figures] = await Promise.all([
    countOf('Customer'),
    countOf('Subscription', { status: 'active' }),
    countOf('Invoice', { status: 'open' }),
    countOf('Ticket', { status: { [Op.ne]: 'closed' } }),
    newCustomersPerDay(since),
    getDashboardFigures({ now }),
  ]);
  const perDay = new Map<string, number>();
  for (let i = 0; i < days; i += 1) perDay.set(new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10), 0);
  for (const row of recent) {
    const day = String(row.day).slice(0, 10);
    if (perDay.has(day)) perDay.set(day, perDay.get(day)! + Number(row.n));
  }
  return {
    counts: { customers, activeSubscriptions, openInvoices, openTickets },
    newCustomers: [...perDay].map(([day, count]) => ({ day, count })),
    figures,
  };
}
