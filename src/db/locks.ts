import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { createClient } from 'redis';
import { config } from '../../config/index.js';
import { clock } from '../lib/clock.js';
import { logger } from '../lib/logger.js';
import { isSqlite, sequelize } from './sequelize.js';
import { isUniqueViolation } from './transaction.js';

/** Where named locks live: the `job_locks` table, or Redis when REDIS_URL is configured. */
export interface LockBackend {
  readonly kind: 'database' | 'redis';
  /** Takes the lock for `ttlMs` unless someone else holds an unexpired one. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Pushes the expiry to now + `ttlMs`, only while `owner` still holds it. */
  extend(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock only if `owner` still holds it (never someone else's after expiry). */
  release(name: string, owner: string): Promise<void>;
}

export interface JobLockHandle {
  name: string;
  owner: string;
  /** Keeps a long run's lock (default: the same TTL again); false when it was lost. */
  extend(ttlMs?: number): Promise<boolean>;
}

export type JobLockOutcome<T> = { acquired: true; result: T } | { acquired: false; result?: undefined };

/**
 * A timestamp for raw SQL, with milliseconds, in the form Sequelize itself stores (UTC): replacements
 * given a Date lose the milliseconds on MySQL, and stored values must compare as the model writes them.
 */
export function sqlTimestamp(d: Date): string {
  const iso = d.toISOString();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  return isSqlite() ? `${base} +00:00` : base;
}

/** The `job_locks` table: a conditional UPDATE takes an expired lease, an INSERT a new one; the primary key settles races. */
export const databaseLocks: LockBackend = {
  kind: 'database',
  async acquire(name, owner, ttlMs) {
    const s = sequelize();
    const at = clock.now();
    const now = sqlTimestamp(at);
    const until = sqlTimestamp(new Date(at.getTime() + ttlMs));
    const taken = await s.query(
      'UPDATE job_locks SET owner = :owner, locked_until = :until, acquired_at = :now WHERE name = :name AND locked_until <= :now',
      { replacements: { owner, until, now, name }, type: QueryTypes.BULKUPDATE },
    );
    if (Number(taken) === 1) return true;
    try {
      await s.query('INSERT INTO job_locks (name, owner, locked_until, acquired_at) VALUES (:name, :owner, :until, :now)', {
        replacements: { name, owner, until, now },
        type: QueryTypes.INSERT,
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  },
  async extend(name, owner, ttlMs) {
    const at = clock.now();
    const changed = await sequelize().query(
      'UPDATE job_locks SET locked_until = :until WHERE name = :name AND owner = :owner AND locked_until > :now',
      { replacements: { until: sqlTimestamp(new Date(at.getTime() + ttlMs)), name, owner, now: sqlTimestamp(at) }, type: QueryTypes.BULKUPDATE },
    );
    return Number(changed) === 1;
  },
  async release(name, owner) {
    await sequelize().query('DELETE FROM job_locks WHERE name = :name AND owner = :owner', {
      replacements: { name, owner },
      type: QueryTypes.BULKDELETE,
    });
  },
};

const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

type RedisClient = ReturnType<typeof createClient>;
let redisClient: Promise<RedisClient> | undefined;

function redis(): Promise<RedisClient> {
  const url = config().redisUrl;
  if (!url) throw new Error('REDIS_URL is not configured');
  redisClient ??= (async () => {
    const client = createClient({ url });
    client.on('error', (err: unknown) => logger().warn({ err }, 'redis (locks) connection error'));
    await client.connect();
    return client;
  })().catch((err: unknown) => {
    redisClient = undefined;
    throw err;
  });
  return redisClient;
}

const redisKey = (name: string): string => `ezscale:lock:${name}`;

/** Redis: `SET key owner NX PX ttl`; release and extend compare the owner first, in one Lua script. */
export const redisLocks: LockBackend = {
  kind: 'redis',
  async acquire(name, owner, ttlMs) {
    const reply = await (await redis()).set(redisKey(name), owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    return reply === 'OK';
  },
  async extend(name, owner, ttlMs) {
    const reply = await (await redis()).eval(EXTEND_SCRIPT, { keys: [redisKey(name)], arguments: [owner, String(ttlMs)] });
    return Number(reply) === 1;
  },
  async release(name, owner) {
    await (await redis()).eval(RELEASE_SCRIPT, { keys: [redisKey(name)], arguments: [owner] });
  },
};

/** The configured backend: Redis when REDIS_URL is set, the database otherwise. */
export function lockBackend(): LockBackend {
  return config().redisUrl ? redisLocks : databaseLocks;
}

/** A unique holder id: host, process and a random part (two runs in one process never share it). */
export function lockOwner(): string {
  return `${os.hostname().slice(0, 40)}:${process.pid}:${randomUUID()}`;
}

/**
 * Runs `fn` while holding the named lock for at most `ttlMs`, then releases it.
 * When another holder has it, `fn` does not run and the outcome is `{ acquired: false }`.
 */
export async function withJobLock<T>(
  name: string,
  ttlMs: number,
  fn: (lock: JobLockHandle) => Promise<T>,
  opts: { backend?: LockBackend } = {},
): Promise<JobLockOutcome<T>> {
  if (!name || name.length > 100) throw new Error(`Lock name must have 1-100 characters: "${name}"`);
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new Error(`Lock TTL must be a positive integer of milliseconds: ${ttlMs}`);
  const backend = opts.backend ?? lockBackend();
  const owner = lockOwner();
  if (!(await backend.acquire(name, owner, ttlMs))) return { acquired: false };
  const handle: JobLockHandle = { name, owner, extend: (ms = ttlMs) => backend.extend(name, owner, ms) };
  try {
    return { acquired: true, result: await fn(handle) };
  } finally {
    // NOTE: a failed release is only logged: the lease expires by itself after ttlMs.
    await backend.release(name, owner).catch((err: unknown) => logger().warn({ err, lock: name }, 'lock release failed'));
  }
}

/** Closes the Redis connection used for locks (graceful shutdown, end of tests). */
export async function closeLocks(): Promise<void> {
  const pending = redisClient;
  redisClient = undefined;
  if (pending) await (await pending).quit().catch(() => undefined);
}
