import { QueryTypes } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import { toMinor } from '../billing/money.js';
import type { CurrencyCode, InvoiceStatus, ServiceStatus, TicketStatus } from '../models/enums.js';
import { Customer } from '../models/index.js';

/** A service as the dashboard lists it. */
export interface DashboardService {
  readonly id: number;
  readonly status: ServiceStatus;
  readonly hostname: string | null;
  readonly domain: string | null;
  readonly reference: string | null;
  readonly primaryIp: string | null;
  readonly planName: string;
}

/** An open invoice as the dashboard lists it. */
export interface DashboardInvoice {
  readonly id: number;
  readonly number: string | null;
  readonly status: InvoiceStatus;
  readonly currency: CurrencyCode;
  readonly amountDueMinor: number;
  readonly dueAt: Date | null;
}

/** A recent ticket as the dashboard lists it. */
export interface DashboardTicket {
  readonly id: number;
  readonly number: string;
  readonly subject: string;
  readonly status: TicketStatus;
}

/** What the portal dashboard shows, all scoped to one customer. */
export interface CustomerDashboard {
  readonly activeServiceCount: number;
  readonly services: DashboardService[];
  readonly openInvoices: DashboardInvoice[];
  /** Sum of open invoices' amounts due, per currency. */
  readonly openTotals: Array<{ currency: CurrencyCode; amountMinor: number }>;
  readonly creditBalanceMinor: number;
  readonly currency: CurrencyCode;
  readonly nextInvoice: DashboardInvoice | null;
  readonly tickets: DashboardTicket[];
}

type Row = Record<string, unknown>;

const SERVICES_SQL = `SELECT s.id, s.status, s.hostname, s.domain, s.reference, s.primary_ip, p.name AS plan_name
  FROM services s LEFT JOIN subscriptions sub ON sub.id = s.subscription_id LEFT JOIN plans p ON p.id = sub.plan_id
  WHERE s.customer_id = :customerId AND s.status <> 'terminated' AND s.deleted_at IS NULL
  ORDER BY s.id DESC LIMIT 10`;
const INVOICES_SQL = `SELECT id, number, status, currency, amount_due_minor, due_at FROM invoices
  WHERE customer_id = :customerId AND status = 'open' ORDER BY due_at ASC, id ASC LIMIT 50`;
const TICKETS_SQL = 'SELECT id, number, subject, status FROM tickets WHERE customer_id = :customerId ORDER BY updated_at DESC LIMIT 5';

/** A date column as the driver returns it (Date on MySQL, text on SQLite). */
function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Rows of one read-only SELECT (plain rows: the dashboard renders a few columns of each and never saves them). */
export function selectRows(sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return sequelize().query<Row>(sql, { replacements, type: QueryTypes.SELECT });
}

/** Reads the dashboard's figures for `customerId` (pass the customer row when the caller has it loaded already). */
export async function customerDashboard(customerId: number, loaded?: Pick<Customer, 'id' | 'creditBalanceMinor' | 'currency'>): Promise<CustomerDashboard> {
  const replacements = { customerId };
  const [customer, serviceRows, invoiceRows, ticketRows] = await Promise.all([
    loaded?.id === customerId ? loaded : Customer.findByPk(customerId, { rejectOnEmpty: true }),
    selectRows(SERVICES_SQL, replacements),
    selectRows(INVOICES_SQL, replacements),
    selectRows(TICKETS_SQL, replacements),
  ]);
  const services: DashboardService[] = serviceRows.map((r) => ({
    id: Number(r.id),
    status: r.status as ServiceStatus,
    hostname: text(r.hostname),
    domain: text(r.domain),
    reference: text(r.reference),
    primaryIp: text(r.primary_ip),
    planName: text(r.plan_name) ?? '',
  }));
  const openInvoices: DashboardInvoice[] = invoiceRows.map((r) => ({
    id: Number(r.id),
    number: text(r.number),
    status: r.status as InvoiceStatus,
    currency: r.currency as CurrencyCode,
    amountDueMinor: toMinor(r.amount_due_minor),
    dueAt: dateOf(r.due_at),
  }));
  const totals = new Map<CurrencyCode, number>();
  for (const invoice of openInvoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.amountDueMinor);
  return {
    activeServiceCount: services.filter((s) => s.status === 'active').length,
    services,
    openInvoices,
    openTotals: [...totals].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    creditBalanceMinor: Number(customer.creditBalanceMinor ?? 0),
    currency: customer.currency ?? 'USD',
    nextInvoice: openInvoices[0] ?? null,
    tickets: ticketRows.map((r) => ({ id: Number(r.id), number: String(r.number), subject: String(r.subject), status: r.status as TicketStatus })),
  };
}
