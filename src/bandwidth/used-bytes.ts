import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import type { BandwidthCycle } from './cycles.js';

/** Traffic (in + out) of each service in a cycle, from the daily rows; services without rows are 0. */
export async function usedBytesInCycle(serviceIds: readonly number[], cycle: Pick<BandwidthCycle, 'start' | 'end'>, transaction?: Transaction): Promise<Map<number, number>> {
  const used = new Map(serviceIds.map((id) => [id, 0]));
  if (serviceIds.length === 0) return used;
  const rows = await sequelize().query<{ service_id: number | string; used: number | string | null }>(
    'SELECT service_id, SUM(bytes_in + bytes_out) AS used FROM bandwidth_usage WHERE service_id IN (:ids) AND day >= :start AND day < :end GROUP BY service_id',
    { replacements: { ids: [...serviceIds], start: cycle.start, end: cycle.end }, type: QueryTypes.SELECT, transaction },
  );
  for (const row of rows) used.set(Number(row.service_id), Number(row.used ?? 0));
  return used;
}
