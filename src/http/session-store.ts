import session, { type SessionData } from 'express-session';
import type { Request } from 'express';
import { Op } from 'sequelize';
import { columnDate } from '../db/read-rows.js';
import { SessionRecord } from '../models/index.js';
import { adoptSessionUser, readSessionWithUser, withSessionUser } from './locals.js';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: SessionData | null) => void;

/** How often an unchanged session's expiry is written back (rolling sessions touch on every request). */
const TOUCH_EVERY_MS = 60_000;
const MAX_TRACKED = 10_000;
/** Marks a Session loaded from the store while it had a `sessions` row (symbols are never serialized). */
const HAD_ROW = Symbol('ezscale.session.hadRow');

// NOTE: expiry uses real time, not clock.now(): it must agree with the cookie's expiry, which
// express-session and the browser compute from the system clock.
export function expiryOf(sess: SessionData, fallbackMs: number): Date {
  const expires = sess.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + fallbackMs);
}

/** express-session passes the live Session, whose non-enumerable `req` gives us the client's ip and agent. */
function clientOf(sess: SessionData): { ip: string | null; userAgent: string | null } {
  const req = (sess as unknown as { req?: Request }).req;
  return { ip: req?.ip?.slice(0, 64) ?? null, userAgent: req?.get?.('user-agent')?.slice(0, 255) ?? null };
}

export function callback<T>(promise: Promise<T>, cb: ((err: unknown, value?: T) => void) | undefined): void {
  promise.then((value) => cb?.(null, value), (err: unknown) => cb?.(err));
}

/**
 * The `sessions` row of a session: its directory entry (user, surface, expiry, client) so users can
 * list and revoke their sessions. Deleting the row revokes the session; a session loaded while it
 * had a row is only ever updated, never re-inserted, so a request still in flight cannot bring a
 * revoked session back.
 */
export class SessionIndex {
  private readonly lastTouch = new Map<string, number>();

  constructor(readonly surface: string, readonly ttlMs: number) {}

  /** Called from Store.createSession (sessions loaded from the store, not new ones). */
  static markLoaded(sess: object, hadRow: boolean): void {
    Object.defineProperty(sess, HAD_ROW, { value: hadRow, enumerable: false });
  }

  static hadRow(sess: SessionData): boolean {
    return Boolean((sess as unknown as Record<symbol, unknown>)[HAD_ROW]);
  }

  /** Writes the row; false when the session was revoked meanwhile (nothing is written then). */
  async write(sid: string, sess: SessionData, data: string): Promise<boolean> {
    this.remember(sid);
    const { ip, userAgent } = clientOf(sess);
    const values = { userId: typeof sess.userId === 'number' ? sess.userId : null, surface: this.surface, data, expiresAt: expiryOf(sess, this.ttlMs), ip, userAgent };
    if (SessionIndex.hadRow(sess)) {
      const [changed] = await SessionRecord.update(values, { where: { sid } });
      // NOTE: MySQL counts only rows whose values changed, so 0 may still mean "row exists".
      return changed > 0 || (await SessionRecord.count({ where: { sid } })) > 0;
    }
    await SessionRecord.upsert({ sid, ...values });
    return true;
  }

  /** Whether an unchanged session's expiry is due to be written again (at most once a minute per session); remembers it when so. */
  touchDue(sid: string): boolean {
    if (Date.now() - (this.lastTouch.get(sid) ?? 0) < TOUCH_EVERY_MS) return false;
    this.remember(sid);
    return true;
  }

  /** Extends the row's expiry at most once a minute per session (`due`: touchDue was already asked). */
  async touch(sid: string, sess: SessionData, due = this.touchDue(sid)): Promise<void> {
    if (due) await SessionRecord.update({ expiresAt: expiryOf(sess, this.ttlMs) }, { where: { sid } });
  }

  async remove(sid: string): Promise<void> {
    this.lastTouch.delete(sid);
    await SessionRecord.destroy({ where: { sid } });
  }

  private remember(sid: string): void {
    if (this.lastTouch.size >= MAX_TRACKED) this.lastTouch.clear();
    this.lastTouch.set(sid, Date.now());
  }
}

/** The session store on the `sessions` table (used when Redis is not configured); the row holds the data too. */
export class DbSessionStore extends session.Store {
  private readonly index: SessionIndex;

  constructor(opts: { surface: string; ttlMs: number }) {
    super();
    this.index = new SessionIndex(opts.surface, opts.ttlMs);
  }

  override createSession(req: Request, data: SessionData): session.Session & SessionData {
    adoptSessionUser(req, data);
    const created = super.createSession(req, data);
    SessionIndex.markLoaded(created, true);
    return created;
  }

  override get(sid: string, cb: GetCallback): void {
    callback(this.read(sid), cb);
  }

  override set(sid: string, sess: SessionData, cb?: Callback): void {
    callback(this.index.write(sid, sess, JSON.stringify(sess)), cb);
  }

  override touch(sid: string, sess: SessionData, cb?: Callback): void {
    callback(this.index.touch(sid, sess), cb);
  }

  override destroy(sid: string, cb?: Callback): void {
    callback(this.index.remove(sid), cb);
  }

  override clear(cb?: Callback): void {
    callback(SessionRecord.destroy({ where: { surface: this.index.surface } }), cb);
  }

  override length(cb: (err: unknown, length?: number) => void): void {
    callback(SessionRecord.count({ where: { surface: this.index.surface, expiresAt: { [Op.gt]: new Date() } } }), cb);
  }

  private async read(sid: string): Promise<SessionData | null> {
    // NOTE: one plain read (no model instance) of the row and its user: this runs on every request with a session cookie.
    const read = await readSessionWithUser(sid);
    if (!read) return null;
    if (!((columnDate(read.expiresAt)?.getTime() ?? 0) > Date.now())) {
      await SessionRecord.destroy({ where: { sid } });
      return null;
    }
    try {
      return withSessionUser(JSON.parse(String(read.data)) as SessionData, read.user);
    } catch {
      return null;
    }
  }
}

/** Deletes expired rows of the sessions table; returns how many. */
export async function pruneExpiredSessions(now: Date = new Date()): Promise<number> {
  return SessionRecord.destroy({ where: { expiresAt: { [Op.lte]: now } } });
}
