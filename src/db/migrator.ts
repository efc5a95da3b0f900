import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface, Sequelize } from 'sequelize';
import { sequelize } from './sequelize.js';
import { logger } from '../lib/logger.js';

export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
}
export type MigrationFn = (params: { context: MigrationContext }) => Promise<void>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The umzug runner over migrations/*.ts, recording applied names in `schema_migrations`. */
export function migrator(): Umzug<MigrationContext> {
  const s = sequelize();
  const log = logger().child({ component: 'migrate' });
  return new Umzug<MigrationContext>({
    migrations: {
      glob: ['migrations/*.ts', { cwd: root }],
      resolve: ({ name, path: file }) => ({
        name: name.replace(/\.ts$/, ''),
        up: async (params) => (await import(pathToFileURL(file!).href)).up(params),
        down: async (params) => (await import(pathToFileURL(file!).href)).down(params),
      }),
    },
    context: { queryInterface: s.getQueryInterface(), sequelize: s },
    storage: new SequelizeStorage({ sequelize: s, tableName: 'schema_migrations' }),
    logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m), debug: (m) => log.debug(m) },
  });
}

/** Applies every pending migration; returns their names. */
export async function migrateUp(): Promise<string[]> {
  return (await migrator().up()).map((m) => m.name);
}

/** Reverts migrations down to (and excluding) `to`, or all of them with to = 0. */
export async function migrateDown(to: string | 0 = 0): Promise<string[]> {
  return (await migrator().down({ to })).map((m) => m.name);
}
