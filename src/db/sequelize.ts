import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction, type Options } from 'sequelize';
import { config } from '../../config/index.js';
import { logger } from '../lib/logger.js';
import { finalizeReadStatements } from './read-rows.js';

let instance: Sequelize | undefined;

interface SqliteHandle {
  configure(option: 'busyTimeout', ms: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * Sequelize's SQLite dialect opens a handle per transaction and runs no connect hooks, so the
 * per-connection settings are applied here the first time each handle is handed out.
 */
function preparePerConnection(s: Sequelize): void {
  const manager = s.connectionManager as unknown as { getConnection(options: unknown): Promise<SqliteHandle> };
  const original = manager.getConnection.bind(manager);
  const prepared = new WeakSet<SqliteHandle>();
  manager.getConnection = async (options) => {
    const handle = await original(options);
    if (!prepared.has(handle)) {
      prepared.add(handle);
      handle.configure('busyTimeout', 15_000);
      await new Promise<void>((resolve, reject) =>
        handle.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;', (err) => (err ? reject(err) : resolve())),
      );
    }
    return handle;
  };
}

/**
 * NOTE: SQLite has one writer. Transactions waiting for it in BEGIN IMMEDIATE each block one of
 * node-sqlite3's four pool threads while they wait, which starves the holder's own statements: with
 * 20 concurrent transactions everything stalls until busy_timeout. So this process's managed
 * transactions queue here instead; one started inside another (without passing it) is not queued.
 */
function queueTransactions(s: Sequelize): void {
  const original = s.transaction.bind(s) as (...args: unknown[]) => Promise<unknown>;
  const inside = new AsyncLocalStorage<true>();
  let tail: Promise<void> = Promise.resolve();
  s.transaction = ((...args: unknown[]): Promise<unknown> => {
    const managed = typeof args[0] === 'function' || typeof args[1] === 'function';
    if (!managed || inside.getStore()) return original(...args);
    const turn = tail;
    let release!: () => void;
    tail = new Promise<void>((resolve) => (release = resolve));
    return turn.then(() => inside.run(true, () => original(...args))).finally(release);
  }) as Sequelize['transaction'];
}

function build(): Sequelize {
  const cfg = config();
  const { database } = cfg;
  const log = logger().child({ component: 'sql' });
  const common: Options = {
    logging: cfg.logLevel === 'trace' ? (sql: string) => log.trace(sql) : false,
    define: { underscored: true, timestamps: true },
    pool: { max: database.poolMax, min: 0, idle: 10_000, acquire: 60_000 },
    benchmark: false,
  };
  if (database.dialect === 'sqlite') {
    if (database.storage && database.storage !== ':memory:') fs.mkdirSync(path.dirname(database.storage), { recursive: true });
    const s = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage: database.storage,
      // NOTE: IMMEDIATE takes the write lock at BEGIN, so two writers queue on busy_timeout
      // instead of failing when a reader tries to upgrade.
      transactionType: Transaction.TYPES.IMMEDIATE,
      retry: { max: 10, match: [/SQLITE_BUSY/] },
    });
    preparePerConnection(s);
    queueTransactions(s);
    return s;
  }
  return new Sequelize(database.url.replace(/^mariadb:/, 'mysql:'), {
    ...common,
    dialect: 'mysql',
    timezone: '+00:00',
    dialectOptions: { supportBigNumbers: true, bigNumberStrings: false, dateStrings: false, charset: 'utf8mb4', multipleStatements: false },
  });
}

/** The process-wide Sequelize instance. */
export function sequelize(): Sequelize {
  instance ??= build();
  return instance;
}

export function isSqlite(): boolean {
  return sequelize().getDialect() === 'sqlite';
}

/** Closes the pool (graceful shutdown, end of tests). */
export async function closeDatabase(): Promise<void> {
  if (instance) {
    const s = instance;
    instance = undefined;
    // NOTE: a SQLite connection with statements still prepared does not close (src/db/read-rows.ts).
    await finalizeReadStatements();
    await s.close();
  }
}
