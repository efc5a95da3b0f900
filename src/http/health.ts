import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { sequelize } from '../db/sequelize.js';
import { redisHealth } from './redis.js';
import { ROOT_DIR } from './views.js';

const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;

async function databaseHealth(timeoutMs = 2_000): Promise<'ok' | 'down'> {
  try {
    const query = sequelize().query('SELECT 1');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('database ping timeout')), timeoutMs).unref());
    await Promise.race([query, timeout]);
    return 'ok';
  } catch {
    return 'down';
  }
}

/** GET /healthz: `{status, database, redis, version}`; 503 when the database is down (Redis down is "degraded"). */
export const healthHandler: RequestHandler = (req, res) => {
  void Promise.all([databaseHealth(), redisHealth()]).then(([database, redis]) => {
    const status = database === 'down' ? 'down' : redis === 'down' ? 'degraded' : 'ok';
    if (database === 'down') req.log?.error({ database, redis }, 'health check failed');
    res.status(database === 'down' ? 503 : 200).set('Cache-Control', 'no-store').json({ status, database, redis, version: VERSION });
  });
};
