import type { RequestHandler } from 'express';
import session from 'express-session';
import { config } from '../../config/index.js';
import { derivedSecret } from '../lib/crypto.js';
import { getRedis } from './redis.js';
import { IndexedRedisStore } from './session-redis-store.js';
import { DbSessionStore } from './session-store.js';

export interface SessionOptions {
  /** Cookie name, e.g. 'ezscale.sid' (portal) or 'ezscale.admin.sid'. */
  name: string;
  surface: 'portal' | 'admin';
  /** Cookie path; '/' by default. */
  path?: string;
}

async function buildStore(surface: string, ttlMs: number): Promise<session.Store> {
  const redis = await getRedis();
  if (redis) return new IndexedRedisStore({ client: redis, surface, ttlMs });
  return new DbSessionStore({ surface, ttlMs });
}

/**
 * express-session for one surface: Redis store when REDIS_URL is configured, else the `sessions`
 * table. Either way every signed-in session has a `sessions` row (user_id from `session.userId`),
 * and deleting that row signs the session out. Cookie httpOnly, SameSite=Lax, Secure when APP_URL
 * is https; rolling idle timeout of SESSION_IDLE_MINUTES. The store is created on the first request
 * (Redis connects asynchronously).
 */
export function sessionMiddleware(opts: SessionOptions): RequestHandler {
  const cfg = config();
  const ttlMs = cfg.sessionIdleMinutes * 60_000;
  let ready: Promise<RequestHandler> | undefined;
  const build = async (): Promise<RequestHandler> =>
    session({
      name: opts.name,
      secret: derivedSecret('session'),
      store: await buildStore(opts.surface, ttlMs),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      cookie: {
        path: opts.path ?? '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cfg.appUrl.startsWith('https:'),
        maxAge: ttlMs,
      },
    });
  return (req, res, next) => {
    ready ??= build().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    ready.then((handler) => handler(req, res, next), next);
  };
}
