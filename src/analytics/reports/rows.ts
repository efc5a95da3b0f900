import { QueryTypes } from 'sequelize';
import { sequelize } from '../../db/sequelize.js';
import { assertCurrency, toDecimalString } from '../../billing/money.js';
import { big } from '../periods.js';

/** A CSV record: strings, numbers or empty. */
export type Cell = string | number | null;

/** Rows fetched per query; a report never holds more than one batch. */
export const BATCH = 2000;

/**
 * Reads `sql` in keyset batches: `sql` has a `{after}` placeholder for the condition "after the last
 * row" (built by `after` from the previous batch's last row) and ends in ORDER BY the key ... LIMIT :batch.
 * The next batch is read while the caller works through the current one, so at most two are held:
 * constant memory however many rows match.
 */
export async function* keysetRows(
  sql: (afterCondition: string) => string,
  replacements: Record<string, unknown>,
  after: (last: Record<string, unknown>) => { condition: string; values: Record<string, unknown> },
  batch = BATCH,
): AsyncGenerator<Record<string, unknown>> {
  const read = (cursor: { condition: string; values: Record<string, unknown> } | null): Promise<Array<Record<string, unknown>>> =>
    sequelize().query<Record<string, unknown>>(sql(cursor ? cursor.condition : '1 = 1'), {
      replacements: { ...replacements, ...(cursor?.values ?? {}), batch },
      type: QueryTypes.SELECT,
      raw: true,
    });
  let next: Promise<Array<Record<string, unknown>>> | null = read(null);
  try {
    while (next) {
      const rows: Array<Record<string, unknown>> = await next;
      next = rows.length < batch ? null : read(after(rows[rows.length - 1]!));
      yield* rows;
    }
  } finally {
    // NOTE: a caller that stops early (a closed download) leaves the read ahead unused; its failure is nobody's.
    next?.catch(() => undefined);
  }
}

/**
 * Keyset on (time column, id): rows strictly after the last one in that order. `lowerBound` names the
 * query's own `time >= :param` replacement, which then takes the cursor's time too.
 */
export function afterTimeAndId(timeColumn: string, idColumn: string, timeKey: string, idKey: string, lowerBound?: string) {
  return (last: Record<string, unknown>) => ({
    // NOTE: the leading `>=` lets both databases start an index range at the cursor (the OR alone makes
    // MariaDB rescan the range from its start on every batch). With a second lower bound on the column
    // (`time >= :from`) SQLite starts the range there instead, so each batch rescanned everything before
    // the cursor: `lowerBound` moves that bound to the cursor too (the cursor is never before it).
    condition: `(${timeColumn} >= :afterAt AND (${timeColumn} > :afterAt OR ${idColumn} > :afterId))`,
    values: { afterAt: last[timeKey], afterId: last[idKey], ...(lowerBound ? { [lowerBound]: last[timeKey] } : {}) },
  });
}

/** SQLite's text for a UTC datetime with milliseconds: `2026-10-05 08:30:00.000 +00:00`. */
const SQLITE_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \+00:00$/;
/** A MySQL/MariaDB DATETIME (stored in UTC) cast to text: `2026-10-05 08:30:00`. */
const MYSQL_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A stored UTC datetime (Date from MySQL, text from SQLite) as ISO 8601; empty when NULL. */
export function isoOf(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // NOTE: SQLite's usual form, and a MySQL DATETIME read as text, are ISO 8601 but for a few characters:
  // no Date round trip per cell.
  if (text.length === 30 && SQLITE_UTC.test(text)) return `${text.slice(0, 10)}T${text.slice(11, 23)}Z`;
  if (text.length === 19 && MYSQL_UTC.test(text)) return `${text.slice(0, 10)}T${text.slice(11)}.000Z`;
  const sqlite = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ?([+-]\d{2}:\d{2})?$/.exec(text);
  return new Date(sqlite ? `${sqlite[1]}T${sqlite[2]}${sqlite[3] ?? 'Z'}` : text).toISOString();
}

/** Minor units as a decimal string of the row's currency ("12.50", JPY "1250"). */
export function decimal(minor: unknown, currency: unknown): string {
  return toDecimalString(typeof minor === 'number' && Number.isSafeInteger(minor) ? minor : Number(big(minor)), assertCurrency(currency));
}

/** Basis points as a percentage with two decimals: 2000 -> "20.00". */
export function percentOfBp(bp: unknown): string {
  const n = Number(big(bp));
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The display name of a customer row: the company, else the person. */
export function customerName(row: Record<string, unknown>): string {
  return String(row.company || [row.first_name, row.last_name].filter(Boolean).join(' ') || '');
}
