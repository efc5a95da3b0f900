import { readRows, type Row } from '../db/read-rows.js';
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
  /** The open invoices due soonest (DASHBOARD_LIMITS.invoices at most). */
  readonly openInvoices: DashboardInvoice[];
  /** How many invoices are open, listed or not. */
  readonly openInvoiceCount: number;
  /** Sum of all open invoices' amounts due, per currency. */
  readonly openTotals: Array<{ currency: CurrencyCode; amountMinor: number }>;
  readonly creditBalanceMinor: number;
  readonly currency: CurrencyCode;
  readonly nextInvoice: DashboardInvoice | null;
  readonly tickets: DashboardTicket[];
}

/** The dashboard lists the ten newest live services, the ten open invoices due soonest and the five latest tickets. */
export const DASHBOARD_LIMITS = { services: 10, invoices: 10, tickets: 5 } as const;

// NOTE: everything the dashboard lists and counts in one statement (it renders on most visits): rows of one shape that
// `kind` tells apart ('active' and 'open' carry counts in `id`); each list keeps its own filter, order and limit, and
// customerDashboard re-sorts per kind because a UNION promises no row order. Indexes: migrations/0018.
const LISTS_SQL = `SELECT * FROM (SELECT 'service' AS kind, s.id, s.status, s.hostname AS t1, s.domain AS t2, s.reference AS t3,
    s.primary_ip AS t4, p.name AS t5, NULL AS amount, NULL AS at
  FROM services s LEFT JOIN subscriptions sub ON sub.id = s.subscription_id LEFT JOIN plans p ON p.id = sub.plan_id
  WHERE s.customer_id = :customerId AND s.status <> 'terminated' AND s.deleted_at IS NULL
  ORDER BY s.id DESC LIMIT ${DASHBOARD_LIMITS.services}) dashboard_services
UNION ALL SELECT * FROM (SELECT 'invoice' AS kind, id, status, number AS t1, currency AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    amount_due_minor AS amount, due_at AS at
  FROM invoices WHERE customer_id = :customerId AND status = 'open' ORDER BY due_at ASC, id ASC LIMIT ${DASHBOARD_LIMITS.invoices}) dashboard_invoices
UNION ALL SELECT * FROM (SELECT 'ticket' AS kind, id, status, number AS t1, subject AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    NULL AS amount, updated_at AS at
  FROM tickets WHERE customer_id = :customerId ORDER BY updated_at DESC LIMIT ${DASHBOARD_LIMITS.tickets}) dashboard_tickets
UNION ALL SELECT 'active' AS kind, COUNT(*) AS id, NULL AS status, NULL AS t1, NULL AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    NULL AS amount, NULL AS at
  FROM services WHERE customer_id = :customerId AND status = 'active' AND deleted_at IS NULL
UNION ALL SELECT 'open' AS kind, COUNT(*) AS id, NULL AS status, NULL AS t1, currency AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    SUM(amount_due_minor) AS amount, NULL AS at
  FROM invoices WHERE customer_id = :customerId AND status = 'open' GROUP BY currency`;

/** A date column as the driver returns it (Date on MySQL, text on SQLite). */
function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Reads the dashboard's figures for `customerId` (pass the customer row when the caller has it loaded already). */
export async function customerDashboard(customerId: number, loaded?: Pick<Customer, 'id' | 'creditBalanceMinor' | 'currency'>): Promise<CustomerDashboard> {
  const [customer, rows] = await Promise.all([
    loaded?.id === customerId ? loaded : Customer.findByPk(customerId, { rejectOnEmpty: true }),
    readRows(LISTS_SQL, { customerId }),
  ]);
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  const time = (r: Row) => dateOf(r.at)?.getTime() ?? -Infinity;
  const services: DashboardService[] = of('service')
    .sort((a, b) => Number(b.id) - Number(a.id))
    .map((r) => ({
      id: Number(r.id),
      status: r.status as ServiceStatus,
      hostname: text(r.t1),
      domain: text(r.t2),
      reference: text(r.t3),
      primaryIp: text(r.t4),
      planName: text(r.t5) ?? '',
    }));
  const openInvoices: DashboardInvoice[] = of('invoice')
    .sort((a, b) => time(a) - time(b) || Number(a.id) - Number(b.id))
    .map((r) => ({
      id: Number(r.id),
      number: text(r.t1),
      status: r.status as InvoiceStatus,
      currency: r.t2 as CurrencyCode,
      amountDueMinor: toMinor(r.amount),
      dueAt: dateOf(r.at),
    }));
  const tickets: DashboardTicket[] = of('ticket')
    .sort((a, b) => time(b) - time(a))
    .map((r) => ({ id: Number(r.id), number: String(r.t1), subject: String(r.t2), status: r.status as TicketStatus }));
  const open = of('open').sort((a, b) => String(a.t2).localeCompare(String(b.t2)));
  return {
    activeServiceCount: Number(of('active')[0]?.id ?? 0),
    services,
    openInvoices,
    openInvoiceCount: open.reduce((sum, r) => sum + Number(r.id), 0),
    openTotals: open.map((r) => ({ currency: r.t2 as CurrencyCode, amountMinor: toMinor(r.amount) })),
    creditBalanceMinor: Number(customer.creditBalanceMinor ?? 0),
    currency: customer.currency ?? 'USD',
    nextInvoice: openInvoices[0] ?? null,
    tickets,
  };
}
