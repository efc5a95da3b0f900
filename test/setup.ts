import fs from 'node:fs';
import { clock } from '../src/lib/clock.js';

process.env.NODE_ENV = 'test';

/**
 * On MySQL/MariaDB each test process works in its own database (`<name>_t<pid>`), created here and
 * dropped at the end, so parallel runs never share tables. SQLite gets a per-process file (config).
 */
const baseUrl = process.env.DATABASE_URL;
let isolatedDb: { url: URL; name: string } | undefined;
if (baseUrl && /^(mysql|mariadb):/.test(baseUrl)) {
  const url = new URL(baseUrl);
  const name = `${url.pathname.replace(/^\//, '') || 'test'}_t${process.pid}`;
  isolatedDb = { url, name };
  const isolated = new URL(baseUrl);
  isolated.pathname = `/${name}`;
  process.env.DATABASE_URL = isolated.toString();
}

async function adminQuery(sql: string): Promise<void> {
  if (!isolatedDb) return;
  const mysql = await import('mysql2/promise');
  const u = isolatedDb.url;
  const conn = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}

/**
 * Rate-limit counters live in Redis for their whole window (up to an hour), so a run right after another would start
 * over the limit for requests from 127.0.0.1: each run starts from zero.
 */
async function clearRateLimitCounters(): Promise<void> {
  if (!process.env.REDIS_URL) return;
  const { getRedis } = await import('../src/http/redis.js');
  const client = await getRedis();
  if (!client) return;
  for await (const batch of client.scanIterator({ MATCH: 'rl:*', COUNT: 500 })) {
    const keys = ([] as string[]).concat(batch);
    if (keys.length) await client.del(keys);
  }
}

/** Root hooks: a private database per run, every test from the real clock, pools closed at the end. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    if (isolatedDb) await adminQuery(`CREATE DATABASE IF NOT EXISTS \`${isolatedDb.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await clearRateLimitCounters();
  },
  afterEach(): void {
    clock.reset();
  },
  async afterAll(): Promise<void> {
    const { closeDatabase } = await import('../src/db/sequelize.js');
    await closeDatabase();
    if (isolatedDb) await adminQuery(`DROP DATABASE IF EXISTS \`${isolatedDb.name}\``);
    const { config } = await import('../config/index.js');
    const storage = config().database.storage;
    if (storage && storage.includes(`test-${process.pid}`)) for (const s of ['', '-wal', '-shm']) fs.rmSync(storage + s, { force: true });
  },
};
