import { Op } from 'sequelize';
import { BandwidthUsage } from '../models/index.js';
import { readRows } from '../db/read-rows.js';

/** One day of a service's traffic. */
export interface BandwidthDay {
  readonly day: string;
  readonly bytesIn: number;
  readonly bytesOut: number;
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

const GB = 1024 ** 3;
const DAY_MS = 86_400_000;

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The last `days` UTC days of one service's traffic, oldest first, days without a row as zero. */
export async function serviceBandwidthDays(serviceId: number, now: Date, days = 30): Promise<BandwidthDay[]> {
  const first = isoDay(new Date(now.getTime() - (days - 1) * DAY_MS));
  const rows = await BandwidthUsage.findAll({ where: { serviceId, day: { [Op.gte]: first } }, attributes: ['day', 'bytesIn', 'bytesOut'], order: [['day', 'ASC']] });
  const byDay = new Map(rows.map((r) => [String(r.day).slice(0, 10), r]));
  const out: BandwidthDay[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = isoDay(new Date(now.getTime() - i * DAY_MS));
    const row = byDay.get(day);
    out.push({ day, bytesIn: Number(row?.bytesIn ?? 0), bytesOut: Number(row?.bytesOut ?? 0) });
  }
  return out;
}

// NOTE: one row per plan of the active services, each carrying the month's traffic of all of them (one sum, read per
// service through its (service_id, day) index: CROSS JOIN keeps SQLite from starting at the day index instead).
const RESOURCES_SQL = `SELECT p.specs, p.bandwidth_quota_gb, x.services, t.bytes_in, t.bytes_out
  FROM (SELECT sub.plan_id, COUNT(*) AS services FROM services s LEFT JOIN subscriptions sub ON sub.id = s.subscription_id
    WHERE s.customer_id = :customerId AND s.status = 'active' AND s.deleted_at IS NULL GROUP BY sub.plan_id) x
  LEFT JOIN plans p ON p.id = x.plan_id
  CROSS JOIN (SELECT SUM(b.bytes_in) AS bytes_in, SUM(b.bytes_out) AS bytes_out FROM services bs CROSS JOIN bandwidth_usage b
    WHERE b.service_id = bs.id AND bs.customer_id = :customerId AND bs.status = 'active' AND bs.deleted_at IS NULL AND b.day >= :monthStart) t`;

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

/**
 * Resources of the customer's active services (from their plans) and their traffic since the 1st of this month (UTC):
 * one aggregate read, one row per plan however many services the customer has.
 */
export async function customerResourceSummary(customerId: number, now: Date): Promise<ResourceSummary> {
  const monthStart = `${isoDay(now).slice(0, 8)}01`;
  // NOTE: traffic counts only while a service is active, so no active service means no row and no traffic.
  const plans = await readRows(RESOURCES_SQL, { customerId, monthStart });
  const traffic = plans[0];
  let services = 0;
  let cpuCores = 0;
  let memoryMb = 0;
  let diskGb = 0;
  let quotaGb = 0;
  let hasQuota = false;
  for (const row of plans) {
    const count = Number(row.services);
    const specs = jsonOf(row.specs);
    services += count;
    cpuCores += count * Number(specs?.cpuCores ?? 0);
    memoryMb += count * Number(specs?.memoryMb ?? 0);
    diskGb += count * Number(specs?.diskGb ?? 0);
    if (row.bandwidth_quota_gb) {
      hasQuota = true;
      quotaGb += count * Number(row.bandwidth_quota_gb);
    }
  }
  const bandwidthBytes = Number(traffic?.bytes_in ?? 0) + Number(traffic?.bytes_out ?? 0);
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
