import type { Request, RequestHandler, Response } from 'express';
import { config } from '../../config/index.js';
import type { Model, ModelStatic } from 'sequelize';
import { readRows, toInstances, type Row } from '../db/read-rows.js';
import { sequelize } from '../db/sequelize.js';
import { Customer, User } from '../models/index.js';
import type { CurrentUser } from './express-types.js';
import { hostUrls, siteBaseUrl, surfaceBaseUrl, surfaceOfPath } from './hosts.js';
import { assetVersion } from './static.js';

export type Theme = 'light' | 'dark';
export const THEME_COOKIE = 'theme';

/** The theme the visitor picked (cookie set by public/js/app.js), or undefined to follow the system. */
export function themeOf(req: Request): Theme | undefined {
  const match = /(?:^|;\s*)theme=(light|dark)(?:;|$)/.exec(req.headers.cookie ?? '');
  return match ? (match[1] as Theme) : undefined;
}

/**
 * Locals every page gets, without touching the session (safe on cacheable pages): appName, appUrl,
 * siteUrl, baseUrl (canonical base of this surface), requestPath, themeAction/themeBack (the theme form),
 * assetVersion, theme, hostUrls. Idempotent.
 */
export function baseLocals(req: Request, res: Response): void {
  if (res.locals.appName) return;
  const cfg = config();
  Object.assign(res.locals, {
    appName: cfg.appName,
    appUrl: cfg.appUrl,
    siteUrl: siteBaseUrl(),
    baseUrl: surfaceBaseUrl(surfaceOfPath(req.path)),
    requestPath: req.path,
    // NOTE: the theme toggle's form (no JavaScript) posts back here: the page with its query string.
    themeAction: surfaceOfPath(req.path) === 'account' ? '/account/theme' : '/theme',
    themeBack: req.originalUrl,
    assetVersion: assetVersion(),
    theme: themeOf(req),
    hostUrls: hostUrls(req),
    requestId: req.id,
  });
}

/** Middleware form of baseLocals. */
export function baseLocalsMiddleware(): RequestHandler {
  return (req, res, next) => {
    baseLocals(req, res);
    next();
  };
}

/** A user row as views see it: plain data only. */
export function toCurrentUser(user: User): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: user.fullName,
    firstName: user.firstName,
    role: user.role,
    isStaff: user.isStaff,
  };
}

const sessionUsers = new WeakMap<Request, User>();

/** The column names of a model's attributes, less `exclude`. */
function fieldsOf(model: ModelStatic<Model>, exclude: readonly string[] = []): string[] {
  return Object.entries(model.getAttributes())
    .filter(([name]) => !exclude.includes(name))
    .map(([name, a]) => a.field ?? name);
}

const CUSTOMER_PREFIX = 'c__';
const SESSION_PREFIX = 's__';
let userRead: string | undefined;
let sessionRead: string | undefined;
const unreadCounts = new WeakMap<User, number>();
/** Marks session data read together with its user (symbols are never serialized or hashed). */
const READ_USER = Symbol('ezscale.session.user');

/** The columns of the user statements: the user, its profile (prefixed) and its unread notification count. */
function userColumnsSql(): string {
  const q = (name: string) => sequelize().getQueryInterface().quoteIdentifier(name);
  const secrets = (User.options.defaultScope?.attributes as { exclude?: string[] } | undefined)?.exclude;
  return [
    ...fieldsOf(User, secrets).map((f) => `u.${q(f)}`),
    ...fieldsOf(Customer).map((f) => `c.${q(f)} AS ${q(CUSTOMER_PREFIX + f)}`),
    '(SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread_notifications',
  ].join(', ');
}

// NOTE: customers.user_id is unique, so the join yields one row at most.
const USER_JOIN = 'LEFT JOIN customers c ON c.user_id = u.id';

/** The user of a row of the user statements, with its profile and unread count; null when the row has no user. */
function userFromRow(row: Row): User | null {
  if (row.id == null) return null;
  const [user] = toInstances(User, [row]);
  const [customer] = row[`${CUSTOMER_PREFIX}id`] == null ? [] : toInstances(Customer, [row], CUSTOMER_PREFIX);
  // NOTE: as an include leaves it: on the instance and in its dataValues, null when there is no profile.
  (user!.dataValues as Record<string, unknown>).customer = customer ?? null;
  user!.customer = (customer ?? null) as Customer;
  unreadCounts.set(user!, Number(row.unread_notifications ?? 0));
  return user!;
}

/**
 * The users row of `userId` (default scope: no secrets) with its customer profile, as
 * `User.findByPk(userId, { include: 'customer' })` returns it, and its unread notification count (for the bell of
 * every portal page, see unreadCountOf), in one read.
 */
// NOTE: runs on every signed-in request, so it reads through readRows (src/db/read-rows.ts) and builds the instances itself.
export async function loadUserWithCustomer(userId: number): Promise<User | null> {
  userRead ??= `SELECT ${userColumnsSql()} FROM users u ${USER_JOIN} WHERE u.id = :userId`;
  const [row] = await readRows(userRead, { userId });
  return row ? userFromRow(row) : null;
}

/**
 * The `sessions` row of `sid` (data, expiry) with the user of its `user_id` as loadUserWithCustomer returns it, in
 * one read: the portal's session store reads a session this way, so a signed-in page reads its session and user
 * together. The user travels on the session data (see withSessionUser) until sessionLocals picks it up.
 */
export async function readSessionWithUser(sid: string): Promise<{ data: unknown; expiresAt: unknown; user: User | null } | null> {
  sessionRead ??= `SELECT s.data AS ${SESSION_PREFIX}data, s.expires_at AS ${SESSION_PREFIX}expires_at, ${userColumnsSql()} ` +
    `FROM sessions s LEFT JOIN users u ON u.id = s.user_id ${USER_JOIN} WHERE s.sid = :sid`;
  const [row] = await readRows(sessionRead, { sid });
  if (!row) return null;
  return { data: row[`${SESSION_PREFIX}data`], expiresAt: row[`${SESSION_PREFIX}expires_at`], user: userFromRow(row) };
}

/** Session data as a store returns it, carrying the user read with it (not part of the data: never stored). */
export function withSessionUser<T extends object>(data: T, user: User | null): T {
  if (user) Object.defineProperty(data, READ_USER, { value: user, enumerable: false });
  return data;
}

/** Store.createSession: the user read with the session becomes this request's (used when it is session.userId). */
export function adoptSessionUser(req: Request, data: object): void {
  const user = (data as Record<symbol, User | undefined>)[READ_USER];
  if (user) sessionUsers.set(req, user);
}

/** The unread notification count read with `user` by loadUserWithCustomer, if it was loaded there. */
export function unreadCountOf(user: User): number | undefined {
  return unreadCounts.get(user);
}

/** The users row (with its customer profile) that sessionLocals loaded for this request, so later middleware need not read it again. */
export function sessionUserOf(req: Request): User | undefined {
  return sessionUsers.get(req);
}

/**
 * Session locals (after sessionMiddleware + csrfProtection + flashMiddleware): `currentUser`
 * (also `req.currentUser`) loaded from session.userId, and `impersonating` when a staff member
 * is signed in as this customer. csrfToken and flash are lazy locals set by their middleware.
 */
export function sessionLocals(): RequestHandler {
  return (req, res, next) => {
    baseLocals(req, res);
    const userId = req.session?.userId;
    if (!userId) {
      req.currentUser = null;
      return next();
    }
    const read = sessionUsers.get(req);
    (read?.id === userId ? Promise.resolve(read) : loadUserWithCustomer(userId))
      .then((user) => {
        if (user) sessionUsers.set(req, user);
        else sessionUsers.delete(req);
        req.currentUser = user ? toCurrentUser(user) : null;
        res.locals.currentUser = req.currentUser;
        const impersonatorId = req.session.impersonatorId;
        if (impersonatorId && req.currentUser) {
          res.locals.impersonating = { impersonatorId, user: req.currentUser, stopPath: '/account/impersonation/stop' };
        }
        next();
      })
      .catch(next);
  };
}
