// NOTE: Batched writers insert rows with one multi-row INSERT per chunk instead of building a model
// instance per row: the renewal run writes hundreds of thousands of rows, and per-row model work would
// cost more than the database. Values are formatted exactly as Sequelize stores them (UTC timestamps
// with milliseconds, booleans as 1/0, JSON as text), so models read these rows back unchanged.
import { QueryTypes, type Transaction } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';

/** A value of a raw row. */
export type SqlValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

/** Rows as column lists plus value tuples (the cheapest shape to build and to format). */
export interface RowSet {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly SqlValue[]>;
}

/** Formats values as SQL text; timestamps repeat a lot in a batch (now, period bounds), so each is formatted once. */
export function sqlFormatter(): (value: SqlValue) => string {
  const s = sequelize();
  const dates = new Map<number, string>();
  return (value) => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
      return String(value);
    }
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (value instanceof Date) {
      const time = value.getTime();
      let text = dates.get(time);
      if (text === undefined) dates.set(time, (text = `'${sqlTimestamp(value)}'`));
      return text;
    }
    if (typeof value === 'string') return s.escape(value);
    return s.escape(JSON.stringify(value));
  };
}

/** Inserts the rows with multi-row INSERT statements of at most `chunk` rows, inside `t`. */
export async function insertRows(set: RowSet, t: Transaction | null, chunk = 1000): Promise<number> {
  const s = sequelize();
  const q = s.getQueryInterface().queryGenerator as unknown as { quoteIdentifier(name: string): string };
  const head = `INSERT INTO ${q.quoteIdentifier(set.table)} (${set.columns.map((c) => q.quoteIdentifier(c)).join(', ')}) VALUES `;
  const format = sqlFormatter();
  for (let i = 0; i < set.rows.length; i += chunk) {
    const values = set.rows.slice(i, i + chunk).map((row) => `(${row.map(format).join(', ')})`);
    await s.query(head + values.join(', '), { type: QueryTypes.INSERT, transaction: t ?? undefined });
  }
  return set.rows.length;
}
