import type { Transaction } from 'sequelize';
import { sequelize } from './sequelize.js';
import type { Ctx } from '../lib/context.js';

/**
 * Runs `fn` in the caller's transaction when there is one, otherwise in a new one.
 * Side effects must be written as outbox rows inside `fn`, never performed here.
 */
export async function inTransaction<T>(ctx: Pick<Ctx, 'transaction'> | undefined, fn: (t: Transaction) => Promise<T>): Promise<T> {
  if (ctx?.transaction) return fn(ctx.transaction);
  return sequelize().transaction((t) => fn(t));
}

/** Row lock for "read, decide, write" on MySQL/MariaDB; SQLite's IMMEDIATE transactions already serialise writers. */
export function forUpdate(t: Transaction): { transaction: Transaction; lock?: Transaction['LOCK'][keyof Transaction['LOCK']] } {
  return sequelize().getDialect() === 'sqlite' ? { transaction: t } : { transaction: t, lock: t.LOCK.UPDATE };
}

/** True for a unique-constraint violation, the signal that an idempotent effect already happened. */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Error) || err.name !== 'SequelizeUniqueConstraintError') return false;
  // NOTE: Sequelize's SQLite dialect reports NOT NULL and CHECK failures as unique violations too.
  const parent = (err as Error & { parent?: { code?: string; message?: string } }).parent;
  return parent?.code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/.test(parent?.message ?? err.message);
}
