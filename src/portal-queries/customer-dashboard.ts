import { columnDate, readRows, type Row } from '../db/read-rows.js';
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
  readonly usage: ResourceSummary;
}

/** What the dashboard's usage widgets show: resources of the live services and this month's traffic. */
export interface ResourceSummary {
  readonly services: number;
  readonly cpuCores: number;
  readonly memoryMb: number;
  readonly diskGb: number;
  readonly bandwidthBytes: number;
  /** Sum of the plans' monthly quotas in bytes, or null when no plan has one. */
  readonly bandwidthQuotaBytes: number | null;
  /** Share of the quota used this month (0-100, rounded), or null without a quota. */
  readonly bandwidthPercent: number | null;
}

/** The dashboard lists the ten newest live services, the ten open invoices due soonest and the five latest tickets. */
export const DASHBOARD_LIMITS = { services: 10, invoices: 10, tickets: 5 } as const;

// NOTE: everything the dashboard shows in one statement (it renders on most visits): rows of one shape that `kind` tells
// apart. Lists keep their own filter, order and limit, and customerDashboard re-sorts per kind because a UNION promises
// no row order; 'open' carries a count in `id` and a total per currency; 'plan' a count of active services in `id`,
// the plan's specs and its monthly quota (GB); 'traffic' the bytes of the active services since the 1st of the month
// (UTC), read per service through its (service_id, day) index (CROSS JOIN keeps SQLite from starting at the day
// index). Indexes: migrations/0018.
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
UNION ALL SELECT 'open' AS kind, COUNT(*) AS id, NULL AS status, NULL AS t1, currency AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    SUM(amount_due_minor) AS amount, NULL AS at
  FROM invoices WHERE customer_id = :customerId AND status = 'open' GROUP BY currency
UNION ALL SELECT 'plan' AS kind, x.services AS id, NULL AS status, p.specs AS t1, NULL AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    p.bandwidth_quota_gb AS amount, NULL AS at
  FROM (SELECT sub.plan_id, COUNT(*) AS services FROM services s LEFT JOIN subscriptions sub ON sub.id = s.subscription_id
    WHERE s.customer_id = :customerId AND s.status = 'active' AND s.deleted_at IS NULL GROUP BY sub.plan_id) x
  LEFT JOIN plans p ON p.id = x.plan_id
UNION ALL SELECT 'traffic' AS kind, NULL AS id, NULL AS status, NULL AS t1, NULL AS t2, NULL AS t3, NULL AS t4, NULL AS t5,
    SUM(b.bytes_in + b.bytes_out) AS amount, NULL AS at
  FROM services bs CROSS JOIN bandwidth_usage b
  WHERE b.service_id = bs.id AND bs.customer_id = :customerId AND bs.status = 'active' AND bs.deleted_at IS NULL AND b.day >= :monthStart`;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A JSON column as the driver returns it (text on SQLite and MariaDB, parsed on MySQL). */
function jsonOf(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value as Record<string, unknown>;
  try {
    return JSON.parse(value) as Record<string, unknown> | null;
  } catch {
    return null;
  }
}

const GB = 1024 ** 3;

/** The usage widgets' figures from the 'plan' rows and the 'traffic' row. */
function resourceSummary(plans: readonly Row[], traffic: Row | undefined): ResourceSummary {
  let services = 0;
  let cpuCores = 0;
  let memoryMb = 0;
  let diskGb = 0;
  let quotaGb = 0;
  let hasQuota = false;
  for (const row of plans) {
    const count = Number(row.id);
    const specs = jsonOf(row.t1);
    services += count;
    cpuCores += count * Number(specs?.cpuCores ?? 0);
    memoryMb += count * Number(specs?.memoryMb ?? 0);
    diskGb += count * Number(specs?.diskGb ?? 0);
    if (row.amount !== null && row.amount !== undefined && Number(row.amount) > 0) {
      hasQuota = true;
      quotaGb += count * Number(row.amount);
    }
  }
  const bandwidthBytes = Number(traffic?.amount ?? 0);
  const bandwidthQuotaBytes = hasQuota ? quotaGb * GB : null;
  return {
    services,
    cpuCores,
    memoryMb,
    diskGb,
    bandwidthBytes,
    bandwidthQuotaBytes,
    bandwidthPercent: bandwidthQuotaBytes ? Math.min(100, Math.round((bandwidthBytes / bandwidthQuotaBytes) * 100)) : null,
  };
}

/**
 * Reads the dashboard's figures for `customerId` as of `now` (pass the customer row when the caller has it loaded
 * already): one statement however long the customer's history.
 */
export async function customerDashboard(customerId: number, now: Date, loaded?: Pick<Customer, 'id' | 'creditBalanceMinor' | 'currency'>): Promise<CustomerDashboard> {
  const monthStart = `${now.toISOString().slice(0, 8)}01`;
  const [customer, rows] = await Promise.all([
    loaded?.id === customerId ? loaded : Customer.findByPk(customerId, { rejectOnEmpty: true }),
    readRows(LISTS_SQL, { customerId, monthStart }),
  ]);
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  const time = (r: Row) => columnDate(r.at)?.getTime() ?? -Infinity;
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
      dueAt: columnDate(r.at),
    }));
  const tickets: DashboardTicket[] = of('ticket')
    .sort((a, b) => time(b) - time(a))
    .map((r) => ({ id: Number(r.id), number: String(r.t1), subject: String(r.t2), status: r.status as TicketStatus }));
  const open = of('open').sort((a, b) => String(a.t2).localeCompare(String(b.t2)));
  const usage = resourceSummary(of('plan'), of('traffic')[0]);
  return {
    services,
    openInvoices,
    openInvoiceCount: open.reduce((sum, r) => sum + Number(r.id), 0),
    openTotals: open.map((r) => ({ currency: r.t2 as CurrencyCode, amountMinor: toMinor(r.amount) })),
    creditBalanceMinor: Number(customer.creditBalanceMinor ?? 0),
    currency: customer.currency ?? 'USD',
    nextInvoice: openInvoices[0] ?? null,
    tickets,
    usage,
  };
}
