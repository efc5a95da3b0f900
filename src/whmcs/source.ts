import { QueryTypes, Sequelize } from 'sequelize';

/** A row as the WHMCS database returns it (DECIMAL columns arrive as strings from MySQL). */
export type WhmcsRow = Record<string, unknown>;

/** Read-only access to a WHMCS database: keyset-paged reads of whole tables. */
export interface WhmcsSource {
  /** Rows of `table` with id > afterId, in id order, at most `limit`. */
  page(table: string, afterId: number, limit: number): Promise<WhmcsRow[]>;
  /** Rows of `table` where `column` = value (small lookups: a client's users, a product's prices). */
  where(table: string, column: string, value: number | string): Promise<WhmcsRow[]>;
  close(): Promise<void>;
}

const TABLE = /^tbl[a-z_]+$/;
const COLUMN = /^[a-z_]+$/;

/** Opens a WHMCS database by URL: `mysql://user:pass@host/whmcs` (the usual) or `sqlite:/path/file` (exports, tests). */
export function openWhmcsSource(url: string): WhmcsSource {
  const sequelize = url.startsWith('sqlite:')
    ? new Sequelize({ dialect: 'sqlite', storage: url.slice('sqlite:'.length), logging: false })
    : new Sequelize(url, { logging: false, pool: { max: 2 }, dialectOptions: { decimalNumbers: false, dateStrings: true } });
  const q = (table: string) => {
    if (!TABLE.test(table)) throw new Error(`Not a WHMCS table name: ${table}`);
    return sequelize.getQueryInterface().quoteIdentifier(table);
  };
  return {
    page: (table, afterId, limit) =>
      sequelize.query<WhmcsRow>(`SELECT * FROM ${q(table)} WHERE id > :afterId ORDER BY id LIMIT :limit`, { type: QueryTypes.SELECT, replacements: { afterId, limit } }),
    where: (table, column, value) => {
      if (!COLUMN.test(column)) throw new Error(`Not a column name: ${column}`);
      return sequelize.query<WhmcsRow>(`SELECT * FROM ${q(table)} WHERE ${sequelize.getQueryInterface().quoteIdentifier(column)} = :value ORDER BY id`, {
        type: QueryTypes.SELECT,
        replacements: { value },
      });
    },
    close: () => sequelize.close(),
  };
}

/** Every row of a table, page by page (constant memory). */
export async function* allRows(source: WhmcsSource, table: string, pageSize = 500): AsyncGenerator<WhmcsRow> {
  let afterId = 0;
  for (;;) {
    const rows = await source.page(table, afterId, pageSize);
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    afterId = Number(rows[rows.length - 1]!.id);
  }
}
