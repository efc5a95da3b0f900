import { createClient, type RedisClientType } from 'redis';
import { config } from '../../config/index.js';
import { logger } from '../lib/logger.js';

let connecting: Promise<RedisClientType> | undefined;
let client: RedisClientType | undefined;

/** The process-wide Redis client (connected on first use), or null when REDIS_URL is not configured. */
export async function getRedis(): Promise<RedisClientType | null> {
  const url = config().redisUrl;
  if (!url) return null;
  connecting ??= (async () => {
    const c: RedisClientType = createClient({ url, socket: { connectTimeout: 5_000 } });
    c.on('error', (err: unknown) => logger().warn({ err, component: 'redis' }, 'redis client error'));
    client = c;
    try {
      await c.connect();
      return c;
    } catch (err) {
      // NOTE: a failed first connection is retried by the next caller instead of being cached forever.
      connecting = undefined;
      client = undefined;
      c.destroy();
      throw err;
    }
  })();
  return connecting;
}

/** Closes the shared client (graceful shutdown, end of tests); the next getRedis() reconnects. */
export async function closeRedis(): Promise<void> {
  const c = client;
  const pending = connecting;
  client = undefined;
  connecting = undefined;
  if (!c) return;
  await pending?.catch(() => undefined);
  if (c.isOpen) await c.close();
}

/** PING with a deadline: 'ok', 'down', or 'not_configured'. */
export async function redisHealth(timeoutMs = 1_000): Promise<'ok' | 'down' | 'not_configured'> {
  if (!config().redisUrl) return 'not_configured';
  try {
    const ping = (async () => (await getRedis())?.ping())();
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('redis ping timeout')), timeoutMs).unref());
    return (await Promise.race([ping, timeout])) === 'PONG' ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}
