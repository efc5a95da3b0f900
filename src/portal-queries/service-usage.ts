import { Op } from 'sequelize';
import { BandwidthUsage } from '../models/index.js';

/** One day of a service's traffic. */
export interface BandwidthDay {
  readonly day: string;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

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
