import type { Request, RequestHandler, Response } from 'express';
import { config } from '../../config/index.js';
import { User } from '../models/index.js';
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
 * siteUrl, baseUrl (canonical base of this surface), requestPath, assetVersion, theme, hostUrls. Idempotent.
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
    User.findByPk(userId)
      .then((user) => {
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
