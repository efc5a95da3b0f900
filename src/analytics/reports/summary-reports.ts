import { QueryTypes } from 'sequelize';
import { config } from '../../../config/index.js';
import { sequelize } from '../../db/sequelize.js';
import { divideRounded, toDecimalString, type CurrencyCode } from '../../billing/money.js';
import { clock } from '../../lib/clock.js';
import { FxTable } from '../fx.js';
import { computeMrrHistory } from '../mrr-history.js';
import { big, lastDayBefore, monthStart } from '../periods.js';
import { customerName, decimal, keysetRows, percentOfBp } from './rows.js';
import { currencyFilter, ISSUED_STATUSES_SQL, type Report } from './report.js';

/** Tax of invoices issued in the range, per country, region and rate. */
export const taxReport: Report = {
  name: 'tax',
  title: 'Tax collected',
  description: 'Tax charged on invoices issued in the range (voided invoices excluded), by country, region and rate.',
  columns: ['country', 'region', 'tax', 'rate_percent', 'currency', 'invoices', 'taxable_amount', 'tax_amount'],
  async *rows(params) {
    const cur = currencyFilter('i.currency', params);
    const rows = await sequelize().query<Record<string, unknown>>(
      'SELECT t.country, t.region, t.name, t.rate_bp, i.currency, COUNT(DISTINCT i.id) AS invoices, SUM(t.taxable_minor) AS taxable, SUM(t.tax_minor) AS tax ' +
        `FROM invoice_taxes t JOIN invoices i ON i.id = t.invoice_id WHERE i.status IN ${ISSUED_STATUSES_SQL} AND i.issued_at >= :from AND i.issued_at < :to ${cur.sql} ` +
        "GROUP BY t.country, t.region, t.name, t.rate_bp, i.currency ORDER BY t.country, COALESCE(t.region, ''), t.name, t.rate_bp, i.currency",
      { replacements: { from: params.from, to: params.to, ...cur.values }, type: QueryTypes.SELECT },
    );
    for (const r of rows) {
      yield [r.country as string, (r.region as string | null) ?? '', r.name as string, percentOfBp(r.rate_bp), r.currency as string, Number(big(r.invoices)), decimal(r.taxable, r.currency), decimal(r.tax, r.currency)];
    }
  },
};

/** Net invoiced amounts (before tax) per plan and plan type. */
export const revenueByPlanReport: Report = {
  name: 'revenue-by-plan',
  title: 'Revenue by plan and type',
  description: 'Net amount invoiced in the range before tax (lines, discounts included), by plan type and plan.',
  columns: ['plan_type', 'plan_id', 'plan', 'currency', 'lines', 'amount'],
  async *rows(params) {
    const cur = currencyFilter('i.currency', params);
    const rows = await sequelize().query<Record<string, unknown>>(
      'SELECT p.type, p.id AS plan_id, p.name, i.currency, COUNT(*) AS lines, SUM(l.amount_minor) AS amount FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id ' +
        `LEFT JOIN plans p ON p.id = l.plan_id WHERE i.status IN ${ISSUED_STATUSES_SQL} AND i.issued_at >= :from AND i.issued_at < :to ${cur.sql} ` +
        "GROUP BY p.type, p.id, p.name, i.currency ORDER BY COALESCE(p.type, 'zzz'), COALESCE(p.id, 0), i.currency",
      { replacements: { from: params.from, to: params.to, ...cur.values }, type: QueryTypes.SELECT },
    );
    for (const r of rows) {
      const planned = r.plan_id !== null && r.plan_id !== undefined;
      yield [planned ? (r.type as string) : 'none', planned ? Number(r.plan_id) : '', planned ? (r.name as string) : 'No plan (fees, credits, manual lines)', r.currency as string, Number(big(r.lines)), decimal(r.amount, r.currency)];
    }
  },
};

/** MRR movements of each calendar month touching the range (to today at most). */
export const mrrMovementsReport: Report = {
  name: 'mrr-movements',
  title: 'MRR movements by month',
  description: 'Start, new, expansion, contraction, churn, reactivation and end MRR per month; in the base currency unless a currency is chosen.',
  columns: ['month', 'currency', 'start_mrr', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'end_mrr', 'customers_start', 'customers_end', 'new_customers', 'churned_customers'],
  async *rows(params) {
    const now = clock.now();
    const end = params.to < now ? params.to : now;
    if (end <= params.from) return;
    const last = monthStart(new Date(end.getTime() - 1));
    const first = monthStart(params.from);
    const months = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
    const history = await computeMrrHistory({ now: end, months, currency: params.currency ?? undefined });
    const base = config().baseCurrency as CurrencyCode;
    const currency: CurrencyCode = params.currency ?? base;
    const fx = params.currency ? null : await FxTable.load(base);
    for (let i = 0; i < history.months.length; i++) {
      const day = i === history.months.length - 1 ? lastDayBefore(end) : lastDayBefore(monthStart(first, i + 1));
      const sums = { start: 0n, new: 0n, expansion: 0n, contraction: 0n, churn: 0n, reactivation: 0n, end: 0n };
      const counts = { customersStart: 0, customersEnd: 0, newCustomers: 0, churnedCustomers: 0 };
      let missing = false;
      for (const [c, list] of history.byCurrency) {
        const m = list[i]!;
        for (const key of Object.keys(sums) as Array<keyof typeof sums>) {
          // One currency: its own figures; all: each converted at the month's last-day rate, rounded once.
          const value = fx ? fx.convert(m[key], c, day, 12n) : divideRounded(m[key], 12n);
          // NOTE: without a rate the month's base figures would be wrong, so the row says so instead.
          if (value === null) missing = true;
          else sums[key] += value;
        }
        for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += m[key];
      }
      const money = (v: bigint) => (missing ? 'no FX rate' : toDecimalString(Number(v), currency));
      yield [
        history.months[i]!, currency, money(sums.start), money(sums.new), money(sums.expansion), money(sums.contraction), money(sums.churn), money(sums.reactivation), money(sums.end),
        counts.customersStart, counts.customersEnd, counts.newCustomers, counts.churnedCustomers,
      ];
    }
  },
};

/** Open invoices per customer by how long they are past due, as of the end of the range (today at most). */
export const agedReceivablesReport: Report = {
  name: 'aged-receivables',
  title: 'Aged receivables',
  description: 'What each customer owes on open invoices by days past due (not yet due, 1-30, 31-60, 61-90, over 90), as of the end of the range.',
  columns: ['customer_id', 'customer', 'email', 'currency', 'not_yet_due', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total', 'open_invoices'],
  async *rows(params) {
    const now = clock.now();
    const asOf = params.to < now ? params.to : now;
    const cur = currencyFilter('i.currency', params);
    const ago = (days: number) => new Date(asOf.getTime() - days * 86_400_000);
    const bucket = (cond: string) => `SUM(CASE WHEN ${cond} THEN i.amount_due_minor ELSE 0 END)`;
    const rows = keysetRows(
      (after) =>
        `SELECT a.*, c.company, u.first_name, u.last_name, u.email FROM (SELECT i.customer_id, i.currency, ${bucket('i.due_at >= :asOf')} AS b0, ` +
        `${bucket('i.due_at < :asOf AND i.due_at >= :d30')} AS b1, ${bucket('i.due_at < :d30 AND i.due_at >= :d60')} AS b2, ${bucket('i.due_at < :d60 AND i.due_at >= :d90')} AS b3, ` +
        `${bucket('i.due_at < :d90')} AS b4, SUM(i.amount_due_minor) AS total, COUNT(*) AS n FROM invoices i ` +
        `WHERE i.status = 'open' AND i.amount_due_minor > 0 AND i.issued_at < :asOf ${cur.sql} AND ${after} GROUP BY i.customer_id, i.currency ORDER BY i.customer_id, i.currency LIMIT :batch) a ` +
        'JOIN customers c ON c.id = a.customer_id JOIN users u ON u.id = c.user_id ORDER BY a.customer_id, a.currency',
      { asOf, d30: ago(30), d60: ago(60), d90: ago(90), ...cur.values },
      (last) => ({ condition: '(i.customer_id > :afterId OR (i.customer_id = :afterId AND i.currency > :afterCurrency))', values: { afterId: last.customer_id, afterCurrency: last.currency } }),
    );
    for await (const r of rows) {
      yield [
        Number(r.customer_id), customerName(r), r.email as string, r.currency as string, decimal(r.b0, r.currency), decimal(r.b1, r.currency), decimal(r.b2, r.currency),
        decimal(r.b3, r.currency), decimal(r.b4, r.currency), decimal(r.total, r.currency), Number(big(r.n)),
      ];
    }
  },
};
