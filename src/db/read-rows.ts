import type { Model, ModelStatic } from 'sequelize';
import { sequelize } from './sequelize.js';

/**
 * Read-only SELECTs of the pages every signed-in request renders (session, current user, dashboard), run on the
 * connection Sequelize manages but without its query layer. On SQLite that layer runs `PRAGMA table_info` before
 * every model read, formats a stack trace per query and schedules each statement in serialized mode (it waits for
 * every statement already in flight), which together cost the portal most of its throughput under load. On SQLite
 * the statements also stay prepared.
 * Outside transactions only; writes always go through Sequelize.
 */

/** A bound value: the statements here compare ids, codes and ISO strings only. */
export type ReadParam = string | number | null;
export type Row = Record<string, unknown>;

interface Compiled {
  readonly text: string;
  readonly names: readonly string[];
}

interface SqliteStatement {
  all(params: unknown[], cb: (err: Error | null, rows: Row[]) => void): void;
  finalize(cb?: () => void): void;
}

interface SqliteDatabase {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}

interface MysqlConnection {
  query(options: { sql: string; values: unknown[] }, cb: (err: Error | null, rows: Row[]) => void): void;
}

interface Manager {
  getConnection(options: Record<string, unknown>): Promise<unknown>;
  releaseConnection(connection: unknown): void | Promise<void>;
}

const compiled = new Map<string, Compiled>();

/** `:name` placeholders to `?` (quoted text left alone), cached per statement. */
export function compileNamed(sql: string): Compiled {
  const cached = compiled.get(sql);
  if (cached) return cached;
  const names: string[] = [];
  let text = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = null;
      text += c;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      text += c;
    } else if (c === ':' && /[A-Za-z_]/.test(sql[i + 1] ?? '') && sql[i - 1] !== ':') {
      const name = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))![0];
      names.push(name);
      text += '?';
      i += name.length;
    } else {
      text += c;
    }
  }
  const result = { text, names };
  // NOTE: statements are constants of the callers; the bound only guards against one built per call.
  if (compiled.size < 500) compiled.set(sql, result);
  return result;
}

function valuesOf(statement: Compiled, replacements: Readonly<Record<string, ReadParam>>): ReadParam[] {
  return statement.names.map((name) => {
    const value = replacements[name];
    if (value === undefined) throw new Error(`readRows: no value for :${name}`);
    return value;
  });
}

/** The rows of one read-only SELECT with `:name` replacements, as the driver returns them. */
export async function readRows<T extends Row = Row>(sql: string, replacements: Readonly<Record<string, ReadParam>> = {}): Promise<T[]> {
  const statement = compileNamed(sql);
  const values = valuesOf(statement, replacements);
  const s = sequelize();
  const manager = s.connectionManager as unknown as Manager;
  if (s.getDialect() === 'sqlite') {
    const db = (await manager.getConnection({})) as SqliteDatabase;
    const prepared = await preparedOn(db, statement.text);
    return new Promise<T[]>((resolve, reject) =>
      prepared.all(values, (err, rows) => {
        if (!err) return resolve(rows as T[]);
        forget(db, statement.text);
        reject(err);
      }),
    );
  }
  const connection = (await manager.getConnection({ type: 'SELECT' })) as MysqlConnection;
  try {
    return await new Promise<T[]>((resolve, reject) =>
      connection.query({ sql: statement.text, values }, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  } finally {
    await manager.releaseConnection(connection);
  }
}

// NOTE: SQLite statements stay prepared per connection: a fresh one costs the connection a second trip through the
// thread pool (prepare, then run) on every read. closeDatabase finalizes them first (a connection with open
// statements does not close).
const preparedStatements = new Map<SqliteDatabase, Map<string, Promise<SqliteStatement>>>();

function preparedOn(db: SqliteDatabase, text: string): Promise<SqliteStatement> {
  let statements = preparedStatements.get(db);
  if (!statements) preparedStatements.set(db, (statements = new Map()));
  let prepared = statements.get(text);
  if (!prepared) {
    // NOTE: statements are constants of the callers; the bound only guards against one built per call.
    if (statements.size >= 200) forget(db, statements.keys().next().value!);
    prepared = new Promise<SqliteStatement>((resolve, reject) => {
      const statement = db.prepare(text, (err) => (err ? reject(err) : resolve(statement)));
    });
    prepared.catch(() => forget(db, text));
    statements.set(text, prepared);
  }
  return prepared;
}

function forget(db: SqliteDatabase, text: string): void {
  const prepared = preparedStatements.get(db)?.get(text);
  preparedStatements.get(db)?.delete(text);
  prepared?.then((statement) => statement.finalize(), () => undefined);
}

/** Finalizes the prepared read statements (before the connections close). */
export async function finalizeReadStatements(): Promise<void> {
  const all = [...preparedStatements.values()].flatMap((statements) => [...statements.values()]);
  preparedStatements.clear();
  await Promise.all(all.map((prepared) => prepared.then((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve())), () => undefined)));
}

/**
 * A date column as the driver returns it (a Date on MySQL, text on SQLite), or null when empty or unreadable.
 * Text without an offset is UTC: Sequelize writes SQLite dates as 'YYYY-MM-DD HH:MM:SS.SSS +00:00'; older rows lack it.
 */
export function columnDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const text = String(value);
  const date = new Date(/[+-]\d\d:?\d\d$|Z$/.test(text) ? text : `${text}+00:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A column value as Sequelize would hand it to a loaded instance (dates, booleans and JSON parsed). */
function attributeValue(typeKey: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeKey) {
    case 'DATE':
      return columnDate(value);
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : Number(value) !== 0;
    case 'JSON':
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    default:
      return value;
  }
}

const fieldMaps = new WeakMap<ModelStatic<Model>, Array<{ field: string; attribute: string; type: string }>>();

function fieldMap(model: ModelStatic<Model>): Array<{ field: string; attribute: string; type: string }> {
  let map = fieldMaps.get(model);
  if (!map) {
    map = Object.entries(model.getAttributes()).map(([attribute, a]) => ({
      field: a.field ?? attribute,
      attribute,
      type: (a.type as unknown as { key?: string }).key ?? '',
    }));
    fieldMaps.set(model, map);
  }
  return map;
}

/**
 * Loaded (not new) instances of `model` built from rows whose columns are its fields, each named `prefix` + field
 * (a joined table's columns); columns not selected stay unset.
 */
export function toInstances<M extends Model>(model: ModelStatic<M>, rows: readonly Row[], prefix = ''): M[] {
  const map = fieldMap(model as unknown as ModelStatic<Model>);
  return rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const { field, attribute, type } of map) {
      const column = prefix + field;
      if (column in row) values[attribute] = attributeValue(type, row[column]);
    }
    return model.build(values as M['_creationAttributes'], { isNewRecord: false, raw: true });
  });
}
