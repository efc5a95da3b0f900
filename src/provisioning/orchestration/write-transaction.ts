import type { Transaction } from 'sequelize';
import { isSqlite, sequelize } from '../../db/sequelize.js';

/** Most writes committed together on SQLite (bounds how long one commit holds the database's write lock). */
const MAX_GROUP = 20;

interface Job {
  fn: (transaction: Transaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

let queue: Job[] = [];
let draining = false;

/**
 * Runs `fn` in a transaction of its own on MariaDB. On SQLite, writes queued while one commits are committed
 * together in the next transaction, each in its own savepoint (a failing one rolls back alone); callers hear back
 * only after the commit.
 * NOTE: SQLite has a single writer: 20 workers each opening a transaction would busy-wait in node-sqlite3's small
 * thread pool (starving the connection that holds the lock), and one commit per task would cap throughput.
 */
export function writeTransaction<T>(fn: (transaction: Transaction) => Promise<T>): Promise<T> {
  if (!isSqlite()) return sequelize().transaction((t) => fn(t));
  return new Promise<T>((resolve, reject) => {
    queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    void drain();
  });
}

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    while (queue.length > 0) {
      const group = queue.slice(0, MAX_GROUP);
      queue = queue.slice(group.length);
      await commitGroup(group);
    }
  } finally {
    draining = false;
  }
}

async function commitGroup(group: Job[]): Promise<void> {
  const s = sequelize();
  const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
  try {
    await s.transaction(async (parent) => {
      for (const job of group) {
        try {
          const value = group.length === 1 ? await job.fn(parent) : await s.transaction({ transaction: parent }, (savepoint) => job.fn(savepoint));
          outcomes.push({ ok: true, value });
        } catch (err) {
          outcomes.push({ ok: false, err });
        }
      }
      // A single job's failure must roll its transaction back.
      const only = outcomes[0];
      if (group.length === 1 && only && !only.ok) throw only.err;
    });
  } catch (err) {
    group.forEach((job, i) => {
      const outcome = outcomes[i];
      job.reject(outcome && !outcome.ok ? outcome.err : err);
    });
    return;
  }
  group.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) job.resolve(outcome.value);
    else job.reject(outcome ? outcome.err : new Error('write not run'));
  });
}
