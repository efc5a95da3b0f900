import { QueryTypes } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import type { CurrencyCode } from '../billing/money.js';
import { big } from './periods.js';

/** Open invoices of one currency: everything still due, and the part past its due date. */
export interface ReceivableTotal {
  currency: CurrencyCode;
  outstanding: bigint;
  overdue: bigint;
  openInvoices: number;
  overdueInvoices: number;
}

/** A customer with overdue invoices. */
export interface OverdueAccount {
  customerId: number;
  name: string;
  email: string;
  currency: CurrencyCode;
  overdue: bigint;
  invoices: number;
  oldestDueAt: string;
}

/** Outstanding (open, amount due > 0) and overdue (due before `now`) totals per currency. */
export async function receivableTotals(now: Date): Promise<ReceivableTotal[]> {
  const rows = await sequelize().query<Record<string, unknown>>(
    'SELECT currency, SUM(amount_due_minor) AS outstanding, COUNT(*) AS open_invoices, ' +
      'SUM(CASE WHEN due_at < :now THEN amount_due_minor ELSE 0 END) AS overdue, SUM(CASE WHEN due_at < :now THEN 1 ELSE 0 END) AS overdue_invoices ' +
      "FROM invoices WHERE status = 'open' AND amount_due_minor > 0 GROUP BY currency ORDER BY currency",
    { replacements: { now }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    currency: r.currency as CurrencyCode,
    outstanding: big(r.outstanding),
    overdue: big(r.overdue),
    openInvoices: Number(big(r.open_invoices)),
    overdueInvoices: Number(big(r.overdue_invoices)),
  }));
}

/** The customers owing the most past due, largest first (per currency, amounts not converted). */
export async function overdueAccounts(now: Date, limit = 20): Promise<OverdueAccount[]> {
  const rows = await sequelize().query<Record<string, unknown>>(
    'SELECT o.customer_id, o.currency, o.overdue, o.invoices, o.oldest, c.company, u.first_name, u.last_name, u.email FROM (' +
      'SELECT customer_id, currency, SUM(amount_due_minor) AS overdue, COUNT(*) AS invoices, MIN(due_at) AS oldest FROM invoices ' +
      "WHERE status = 'open' AND amount_due_minor > 0 AND due_at < :now GROUP BY currency, customer_id ORDER BY SUM(amount_due_minor) DESC, customer_id LIMIT :limit" +
      ') o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = c.user_id ORDER BY o.overdue DESC, o.customer_id',
    { replacements: { now, limit }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    customerId: Number(r.customer_id),
    name: String(r.company || [r.first_name, r.last_name].filter(Boolean).join(' ')),
    email: String(r.email),
    currency: r.currency as CurrencyCode,
    overdue: big(r.overdue),
    invoices: Number(big(r.invoices)),
    oldestDueAt: new Date(r.oldest as string | Date).toISOString(),
  }));
}
