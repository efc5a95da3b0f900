import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../../db/sequelize.js';
import { ProvisioningTask } from '../../models/index.js';
import { writeTransaction } from './write-transaction.js';

/** How long a claimed task belongs to its worker; a worker that died is replaced after it. */
export const DEFAULT_LEASE_MS = 10 * 60_000;

export interface TaskClaim {
  /** Unique per claim: the worker holding these tasks (`claimed_by`). */
  token: string;
  ids: number[];
  tasks: ProvisioningTask[];
}

/**
 * Due means: pending and its next attempt has come (and no live claim), or running under a claim that expired
 * (its worker died). `p` is the table alias prefix.
 */
const due = (p: string): string =>
  `((${p}status = 'pending' AND (${p}next_attempt_at IS NULL OR ${p}next_attempt_at <= :now) AND (${p}claimed_until IS NULL OR ${p}claimed_until <= :now))` +
  ` OR (${p}status = 'running' AND ${p}claimed_until <= :now))`;

// NOTE: a task waits while an older task of the same service is unfinished, so actions reach a panel in the order they were asked.
const CANDIDATES =
  `SELECT t.id FROM provisioning_tasks t WHERE ${due('t.')} AND NOT EXISTS (` +
  "SELECT 1 FROM provisioning_tasks e WHERE e.service_id = t.service_id AND e.id < t.id AND e.status IN ('pending', 'running')" +
  ') ORDER BY t.id LIMIT :limit';

const CLAIM =
  "UPDATE provisioning_tasks SET status = 'running', claimed_by = :token, claimed_until = :until, attempts = attempts + 1, " +
  `started_at = COALESCE(started_at, :now), updated_at = :now WHERE id IN (:ids) AND ${due('')}`;

function isTransient(err: unknown): boolean {
  const code = (err as { parent?: { code?: string } }).parent?.code ?? '';
  return ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY'].includes(code);
}

/** A claim token: host, process and a random part. */
export function claimToken(): string {
  return `${os.hostname().slice(0, 30)}:${process.pid}:${randomUUID()}`;
}

/**
 * Claims up to `limit` due tasks with one conditional UPDATE (portable to SQLite and MariaDB): the row condition is
 * re-checked under the write lock, so two workers never hold the same task. Claiming counts an attempt, and the
 * services of claimed creates move from pending to provisioning.
 */
export async function claimProvisioningTasks(opts: { limit: number; now: Date; leaseMs?: number }): Promise<TaskClaim> {
  const token = claimToken();
  for (let attempt = 1; ; attempt++) {
    try {
      const tasks = await writeTransaction((transaction) => claimOnce(token, opts, transaction));
      return { token, ids: tasks.map((t) => t.id), tasks };
    } catch (err) {
      // NOTE: two claims touching the same rows can deadlock on MariaDB; the loser simply claims again.
      if (attempt >= 3 || !isTransient(err)) throw err;
    }
  }
}

async function claimOnce(token: string, opts: { limit: number; now: Date; leaseMs?: number }, transaction: Transaction): Promise<ProvisioningTask[]> {
  const s = sequelize();
  const { now } = opts;
  const until = new Date(now.getTime() + (opts.leaseMs ?? DEFAULT_LEASE_MS));
  const rows = await s.query<{ id: number | string }>(CANDIDATES, { replacements: { now, limit: opts.limit }, type: QueryTypes.SELECT, transaction });
  const ids = rows.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  await s.query(CLAIM, { replacements: { token, until, now, ids }, type: QueryTypes.BULKUPDATE, transaction });
  const mine = await ProvisioningTask.findAll({ where: { claimedBy: token, id: ids }, order: [['id', 'ASC']], transaction });
  const creating = mine.filter((t) => t.action === 'create').map((t) => t.serviceId);
  if (creating.length > 0) {
    // The customer now sees "setting up" instead of "pending".
    await s.query("UPDATE services SET status = 'provisioning', updated_at = :now WHERE id IN (:creating) AND status = 'pending'", {
      replacements: { now, creating },
      type: QueryTypes.BULKUPDATE,
      transaction,
    });
  }
  return mine;
}
