import fs from 'node:fs';
import { QueryTypes } from 'sequelize';
import { config } from '../../config/index.js';
import { sequelize } from '../../src/db/sequelize.js';
import { migrateUp } from '../../src/db/migrator.js';
import { initModels } from '../../src/models/index.js';
import { clearTaxRateCache } from '../../src/billing/tax/load-tax-env.js';
import { clearSettingsCache } from '../../src/settings/get-setting.js';

let migrated: Promise<void> | undefined;
let tables: string[] = [];

async function freshSchema(): Promise<void> {
  const db = config().database;
  if (db.dialect === 'sqlite' && db.storage && db.storage !== ':memory:') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.storage + suffix, { force: true });
  } else {
    await sequelize().getQueryInterface().dropAllTables();
  }
  initModels();
  await migrateUp();
  tables = (await sequelize().getQueryInterface().showAllTables())
    .map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName))
    .filter((t) => t !== 'schema_migrations');
}

/** Migrates a fresh database once per test run. */
export async function ensureSchema(): Promise<void> {
  migrated ??= freshSchema();
  await migrated;
}

/** Empties every table (schema kept) and the caches of rows, so a test file starts from nothing. */
export async function resetDatabase(): Promise<void> {
  await ensureSchema();
  clearTaxRateCache();
  clearSettingsCache();
  const s = sequelize();
  if (s.getDialect() === 'sqlite') {
    await s.query('PRAGMA foreign_keys = OFF');
    for (const t of tables) await s.query(`DELETE FROM "${t}"`);
    await s.query(`DELETE FROM sqlite_sequence`).catch(() => undefined);
    await s.query('PRAGMA foreign_keys = ON');
  } else {
    await s.transaction(async (transaction) => {
      await s.query('SET FOREIGN_KEY_CHECKS = 0', { transaction });
      for (const t of tables) await s.query(`DELETE FROM \`${t}\``, { transaction });
      await s.query('SET FOREIGN_KEY_CHECKS = 1', { transaction });
    });
  }
}

/** Number of rows in a table (for assertions on what the database holds). */
export async function countRows(table: string, where = '1=1', replacements: Record<string, unknown> = {}): Promise<number> {
  const [row] = await sequelize().query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, { type: QueryTypes.SELECT, replacements });
  return Number(row?.n ?? 0);
}
