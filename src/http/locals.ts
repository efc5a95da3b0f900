import type { Request, RequestHandler, Response } from 'express';
import { config } from '../../config/index.js';
import { QueryTypes, type Model, type ModelStatic } from 'sequelize';
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

/** `SELECT <columns> FROM <table>` of a model's attributes (less `exclude`), for reads mapped back with `mapToModel`. */
function selectModel(model: ModelStatic<Model>, exclude: readonly string[] = []): string {
  const q = (name: string) => sequelize().getQueryInterface().quoteIdentifier(name);
  const columns = Object.entries(model.getAttributes())
    .filter(([name]) => !exclude.includes(name))
    .map(([name, a]) => q(a.field ?? name));
  return `SELECT ${columns.join(', ')} FROM ${q(model.getTableName() as string)}`;
}

let userReads: { user: string; customer: string } | undefined;

/**
 * The users row of `userId` (default scope: no secrets) with its customer profile, as
 * `User.findByPk(userId, { include: 'customer' })` returns it, in two primary-key/unique-key reads.
 */
// NOTE: written as plain statements mapped to the models: the include machinery costs more than both reads.
export async function loadUserWithCustomer(userId: number): Promise<User | null> {
  userReads ??= {
    user: `${selectModel(User, (User.options.defaultScope?.attributes as { exclude?: string[] } | undefined)?.exclude)} WHERE id = :userId`,
    customer: `${selectModel(Customer)} WHERE user_id = :userId ORDER BY id LIMIT 1`,
  };
  const read = <M extends Model>(sql: string, model: ModelStatic<M>) =>
    sequelize().query<M>(sql, { replacements: { userId }, type: QueryTypes.SELECT, model, mapToModel: true });
  const [[user], [customer]] = await Promise.all([read(userReads.user, User), read(userReads.customer, Customer)]);
  if (!user) return null;
  // NOTE: as an include leaves it: on the instance and in its dataValues, null when there is no profile.
  (user.dataValues as Record<string, unknown>).customer = customer ?? null;
  user.customer = (customer ?? null) as Customer;
  return user;
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
    loadUserWithCustomer(userId)
      .then((user) => {
        if (user) sessionUsers.set(req, user);
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
