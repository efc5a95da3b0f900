import type { RequestHandler } from 'express';
import { loadUserWithCustomer, sessionUserOf, toCurrentUser } from '../../src/http/locals.js';
import { isSuspended } from '../../src/auth/sign-in-rules.js';

/**
 * Attaches the signed-in customer: `req.user` (users row), `req.customer` (profile) and
 * `res.locals.currentUser` / `emailUnverified` for views. A session whose user is gone, is staff
 * or is suspended or closed is signed out on the spot.
 */
export function loadCustomer(): RequestHandler {
  return (req, res, next) => {
    const userId = req.session?.userId;
    if (!userId) return next();
    const loaded = sessionUserOf(req);
    (loaded?.id === userId ? Promise.resolve(loaded) : loadUserWithCustomer(userId))
      .then((user) => {
        const impersonated = Boolean(req.session.impersonatorId);
        // NOTE: staff impersonating a suspended customer still see the portal as the customer would.
        if (!user || user.role !== 'customer' || user.customer?.status === 'closed' || (isSuspended(user) && !impersonated)) {
          delete req.session.userId;
          delete req.session.authenticatedAt;
          req.currentUser = null;
          res.locals.currentUser = null;
          return next();
        }
        req.user = user;
        req.customer = user.customer ?? null;
        req.currentUser ??= toCurrentUser(user);
        res.locals.currentUser = req.currentUser;
        res.locals.emailUnverified = !user.emailVerifiedAt;
        next();
      })
      .catch(next);
  };
}
