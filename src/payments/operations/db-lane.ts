import { isSqlite } from '../../db/sequelize.js';

/** Runs a database section of a concurrent job: in turn on SQLite, at once on MySQL/MariaDB. */
export type DbLane = <T>(section: () => Promise<T>) => Promise<T>;

/** No queueing: each section runs when called. */
export const directLane: DbLane = (section) => section();

// NOTE: SQLite has one writer. Concurrent transactions wait for its lock in busy-timeout sleeps
// (1, 2, 5 ... 100 ms), which leaves the database idle between holders; queueing the sections in the
// process hands the lock over at once. Gateway calls stay outside the sections and overlap freely.
/** A lane for one job run: a FIFO queue on SQLite, direct elsewhere. */
export function createDbLane(): DbLane {
  if (!isSqlite()) return directLane;
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(section: () => Promise<T>): Promise<T> => {
    const run = tail.then(section);
    tail = run.catch(() => undefined);
    return run;
  };
}
