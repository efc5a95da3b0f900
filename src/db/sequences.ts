import { QueryTypes, type Transaction } from 'sequelize';
import { clock } from '../lib/clock.js';
import { isSqlite, sequelize } from './sequelize.js';

/**
 * The next number of the named sequence (`invoice:2025`, `credit_note:2025`, `ticket`), gap-free:
 * the increment is part of `t`, so it rolls back with it, and the row lock makes concurrent
 * callers queue until `t` ends. A sequence used for the first time starts at 1.
 */
export async function nextNumber(name: string, t: Transaction): Promise<number> {
  if (!name || name.length > 64) throw new Error(`Sequence name must have 1-64 characters: "${name}"`);
  const s = sequelize();
  // NOTE: one upsert, never "UPDATE then INSERT when missing": on MySQL the missed UPDATE leaves gap
  // locks that make two first callers deadlock; and never a second connection, which could starve the pool.
  const upsert = isSqlite()
    ? 'INSERT INTO sequences (name, next_value, created_at, updated_at) VALUES (:name, 2, :now, :now) ' +
      'ON CONFLICT(name) DO UPDATE SET next_value = next_value + 1, updated_at = excluded.updated_at'
    : 'INSERT INTO sequences (name, next_value, created_at, updated_at) VALUES (:name, 2, :now, :now) ' +
      'ON DUPLICATE KEY UPDATE next_value = next_value + 1, updated_at = VALUES(updated_at)';
  await s.query(upsert, { replacements: { name, now: clock.now() }, type: QueryTypes.INSERT, transaction: t });
  const [row] = await s.query<{ value: number | string }>('SELECT next_value - 1 AS value FROM sequences WHERE name = :name', {
    replacements: { name },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  const value = Number(row?.value);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Sequence "${name}" returned ${String(row?.value)}`);
  return value;
}

/**
 * Renders a number format in UTC: `{YYYY}` `{YY}` `{MM}` `{DD}` and `{SEQ}` or `{SEQ:n}` (zero-padded to n digits).
 * `formatSequenceNumber('INV-{YYYY}-{SEQ:6}', 42, at)` -> `INV-2025-000042`.
 */
export function formatSequenceNumber(format: string, value: number, at: Date): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return format.replace(/\{(YYYY|YY|MM|DD|SEQ)(?::(\d{1,2}))?\}/g, (_match, token: string, width?: string) => {
    switch (token) {
      case 'YYYY':
        return pad(at.getUTCFullYear(), 4);
      case 'YY':
        return pad(at.getUTCFullYear() % 100, 2);
      case 'MM':
        return pad(at.getUTCMonth() + 1, 2);
      case 'DD':
        return pad(at.getUTCDate(), 2);
      default:
        return pad(value, Number(width ?? 0));
    }
  });
}
