// NOTE: MySQL/MariaDB run REPEATABLE READ: a plain SELECT sees the snapshot taken at the
// transaction's first read, which may predate the row lock we waited for. Sums that decide money
// movements (balances, credited amounts) are therefore locking reads there, which see the latest
// committed rows. SQLite's IMMEDIATE transactions already serialise writers.
import type { Transaction } from 'sequelize';
import { isSqlite } from '../../db/sequelize.js';

/** Query options for a consistent, current read inside `t`. */
export function sharedRead(t: Transaction): { transaction: Transaction; lock?: Transaction['LOCK'][keyof Transaction['LOCK']] } {
  return isSqlite() ? { transaction: t } : { transaction: t, lock: t.LOCK.SHARE };
}

/** The SQL suffix of a locking read inside a transaction ('' on SQLite or without one). */
export function sharedReadSql(t: Transaction | undefined): string {
  return t && !isSqlite() ? ' LOCK IN SHARE MODE' : '';
}
