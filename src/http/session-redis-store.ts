import type { Request } from 'express';
import type { Session, SessionData } from 'express-session';
import { RedisStore } from 'connect-redis';
import type { RedisClientType } from 'redis';
import { adoptSessionUser, readSessionWithUser, withSessionUser } from './locals.js';
import { callback, SessionIndex } from './session-store.js';

type Callback = (err: unknown, data?: SessionData | null) => void;

function finish(work: Promise<unknown>, cb?: Callback): void {
  work.then(() => cb?.(null), (err: unknown) => cb?.(err));
}

/**
 * Session data in Redis, plus a `sessions` row for every signed-in session (data '{}') so the
 * same list-and-revoke operations work as with the database store. A signed-in session whose row
 * is gone (or names another user) was revoked: it is dropped on its next request. That primary-key read also
 * brings the user for the page. Time to live and row expiry are extended at most once a minute.
 */
export class IndexedRedisStore extends RedisStore {
  private readonly index: SessionIndex;

  constructor(opts: { client: RedisClientType; surface: string; ttlMs: number }) {
    super({ client: opts.client, prefix: `sess:${opts.surface}:`, ttl: Math.ceil(opts.ttlMs / 1000) });
    this.index = new SessionIndex(opts.surface, opts.ttlMs);
  }

  override createSession(req: Request, data: SessionData): Session & SessionData {
    adoptSessionUser(req, data);
    const created = super.createSession(req, data);
    SessionIndex.markLoaded(created, typeof data.userId === 'number');
    return created;
  }

  override async get(sid: string, cb?: Callback): Promise<unknown> {
    const work = (async (): Promise<SessionData | null> => {
      const data = (await super.get(sid)) as SessionData | null;
      if (!data || typeof data.userId !== 'number') return data;
      // NOTE: the row is read with its user, so a signed-in page needs no second read for it (see sessionLocals).
      const row = await readSessionWithUser(sid);
      if (row?.user && row.user.id === data.userId) return withSessionUser(data, row.user);
      await super.destroy(sid);
      return null;
    })();
    callback(work, cb);
    return work.catch(() => null);
  }

  override async set(sid: string, sess: SessionData, cb?: Callback): Promise<unknown> {
    const work = (async () => {
      if (typeof sess.userId === 'number') {
        if (!(await this.index.write(sid, sess, '{}'))) return void (await super.destroy(sid));
      } else if (SessionIndex.hadRow(sess)) {
        await this.index.remove(sid);
      }
      await super.set(sid, sess);
    })();
    finish(work, cb);
    return work.catch(() => undefined);
  }

  /** Extends the session's time to live in Redis, and its row's expiry, at most once a minute per session. */
  override async touch(sid: string, sess: SessionData, cb?: Callback): Promise<unknown> {
    const work = (async () => {
      if (!this.index.touchDue(sid)) return;
      await super.touch(sid, sess);
      if (typeof sess.userId === 'number') await this.index.touch(sid, sess, true);
    })();
    finish(work, cb);
    return work.catch(() => undefined);
  }

  override async destroy(sid: string, cb?: Callback): Promise<unknown> {
    const work = (async () => {
      await super.destroy(sid);
      await this.index.remove(sid);
    })();
    finish(work, cb);
    return work.catch(() => undefined);
  }
}
