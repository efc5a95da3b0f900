import type { NextFunction, Request, RequestHandler, Response } from 'express';
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
    ready.then((handler) => handler(req, res, (err?: unknown) => (err ? next(err) : (saveBeforeRedirect(req, res, next), next()))), next);
  };
}

/** The session's fields as express-session compares them (the cookie left out). */
function fieldsOf(sess: object): string {
  return JSON.stringify(sess, function (this: unknown, key, value: unknown) {
    return this === sess && key === 'cookie' ? undefined : value;
  });
}

/**
 * A redirect waits until a changed session is stored. express-session sends the headers first and
 * stores the session while the body ends, and browsers follow a redirect as soon as its headers
 * arrive: the next page could read the session as it was before (no flash message, or no session
 * at all after sign-out gave it a new id). Unchanged sessions redirect at once.
 */
function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  if (!req.session) return;
  const loadedId = req.sessionID;
  const loaded = fieldsOf(req.session);
  const redirect = res.redirect as (...args: unknown[]) => void;
  res.redirect = function (this: Response, ...args: unknown[]): void {
    const sess = req.session;
    if (!sess || (req.sessionID === loadedId && fieldsOf(sess) === loaded)) return redirect.apply(this, args);
    sess.save((err: unknown) => (err ? next(err) : redirect.apply(this, args)));
  } as Response['redirect'];
}
