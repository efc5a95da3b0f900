import { Op, fn, col } from 'sequelize';
import { BandwidthUsage, Plan, Service, Subscription } from '../models/index.js';

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

/** Resources of the customer's active services (from their plans) and their traffic since the 1st of this month (UTC). */
export async function customerResourceSummary(customerId: number, now: Date): Promise<ResourceSummary> {
  const services = await Service.findAll({
    where: { customerId, status: 'active' },
    attributes: ['id'],
    include: [{ model: Subscription, as: 'subscription', attributes: ['id', 'planId'], include: [{ model: Plan, as: 'plan', attributes: ['id', 'specs', 'bandwidthQuotaGb'] }] }],
  });
  const monthStart = `${isoDay(now).slice(0, 8)}01`;
  const ids = services.map((s) => s.id);
  const [traffic] = ids.length
    ? ((await BandwidthUsage.findAll({
        where: { serviceId: { [Op.in]: ids }, day: { [Op.gte]: monthStart } },
        attributes: [[fn('SUM', col('bytes_in')), 'bytesIn'], [fn('SUM', col('bytes_out')), 'bytesOut']],
        raw: true,
      })) as unknown as Array<{ bytesIn: number | string | null; bytesOut: number | string | null }>)
    : [];
  let cpuCores = 0;
  let memoryMb = 0;
  let diskGb = 0;
  let quotaGb = 0;
  let hasQuota = false;
  for (const s of services) {
    const plan = s.subscription?.plan;
    cpuCores += Number(plan?.specs?.cpuCores ?? 0);
    memoryMb += Number(plan?.specs?.memoryMb ?? 0);
    diskGb += Number(plan?.specs?.diskGb ?? 0);
    if (plan?.bandwidthQuotaGb) {
      hasQuota = true;
      quotaGb += Number(plan.bandwidthQuotaGb);
    }
  }
  const bandwidthBytes = Number(traffic?.bytesIn ?? 0) + Number(traffic?.bytesOut ?? 0);
  const bandwidthQuotaBytes = hasQuota ? quotaGb * GB : null;
  return {
    services: services.length,
    cpuCores,
    memoryMb,
    diskGb,
    bandwidthBytes,
    bandwidthQuotaBytes,
    bandwidthPercent: bandwidthQuotaBytes ? Math.min(100, Math.round((bandwidthBytes / bandwidthQuotaBytes) * 100)) : null,
  };
}
