import { QueryTypes, type Transaction } from 'sequelize';
import { isSqlite, sequelize } from '../db/sequelize.js';
import type { CurrencyCode } from '../billing/money.js';
import type { MonthMovement, MrrHistory } from './mrr-history.js';

const NAME = 'mrr_history';
/** How long a stored history stands in for a live one on the dashboard (the snapshot job runs hourly). */
export const HISTORY_MAX_AGE_MS = 2 * 3_600_000;

type StoredMovement = Omit<MonthMovement, 'start' | 'end' | 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation'> &
  Record<'start' | 'end' | 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation', string>;
interface Stored {
  months: string[];
  byCurrency: Array<[CurrencyCode, StoredMovement[]]>;
  customers?: MrrHistory['customers'];
  cohorts: MrrHistory['cohorts'];
}

/** Amounts as decimal strings (JSON has no BigInt). */
function toStored(m: MonthMovement): StoredMovement {
  return {
    ...m,
    start: String(m.start), end: String(m.end), new: String(m.new), expansion: String(m.expansion),
    contraction: String(m.contraction), churn: String(m.churn), reactivation: String(m.reactivation),
  };
}

function fromStored(m: StoredMovement): MonthMovement {
  return {
    ...m,
    start: BigInt(m.start), end: BigInt(m.end), new: BigInt(m.new), expansion: BigInt(m.expansion),
    contraction: BigInt(m.contraction), churn: BigInt(m.churn), reactivation: BigInt(m.reactivation),
  };
}

/** Stores the MRR history computed at `at` (replacing the previous one). */
export async function storeMrrHistory(history: MrrHistory, at: Date, t?: Transaction): Promise<void> {
  const payload: Stored = {
    months: history.months,
    byCurrency: [...history.byCurrency].map(([c, list]) => [c, list.map(toStored)]),
    customers: history.customers,
    cohorts: history.cohorts,
  };
  await sequelize().query('DELETE FROM analytics_cache WHERE name = :name', { replacements: { name: NAME }, transaction: t });
  await sequelize().query('INSERT INTO analytics_cache (name, computed_at, payload, created_at, updated_at) VALUES (:name, :at, :payload, :at, :at)', {
    replacements: { name: NAME, at, payload: JSON.stringify(payload) },
    transaction: t,
  });
}

/**
 * The stored history when it covers the same months as asked at `now` and was computed at most
 * HISTORY_MAX_AGE_MS before `now`; null otherwise (then the caller computes it live).
 */
export async function loadMrrHistory(now: Date, months: string[]): Promise<{ history: MrrHistory; computedAt: Date } | null> {
  const [row] = await sequelize().query<{ computed_at: string | Date; payload: unknown }>('SELECT computed_at, payload FROM analytics_cache WHERE name = :name', {
    replacements: { name: NAME },
    type: QueryTypes.SELECT,
  });
  if (!row) return null;
  const computedAt = row.computed_at instanceof Date ? row.computed_at : new Date(isSqlite() ? String(row.computed_at).replace(' ', 'T').replace(' +00:00', 'Z') : String(row.computed_at));
  if (computedAt > now || now.getTime() - computedAt.getTime() > HISTORY_MAX_AGE_MS) return null;
  const stored = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Stored;
  // NOTE: a history stored before customer counts across currencies were kept is computed again.
  if (stored.months.join() !== months.join() || !stored.customers) return null;
  const byCurrency = new Map<CurrencyCode, MonthMovement[]>(
    stored.byCurrency.map(([c, list]) => [c, list.map(fromStored)]),
  );
  return { history: { months: stored.months, byCurrency, customers: stored.customers, cohorts: stored.cohorts }, computedAt };
}
