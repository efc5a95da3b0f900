import type { RequestHandler } from 'express';
import { RECENT_AUTH_MINUTES } from '../../src/auth/policy.js';
import { wantsJson } from '../../src/http/errors.js';
import { clock } from '../../src/lib/clock.js';
import { ForbiddenError } from '../../src/lib/errors.js';
import { returnPath } from './require-customer.js';

/**
 * Sensitive pages (server credentials, security changes) need the password confirmed within the
 * last `minutes`; otherwise the customer confirms it at /account/confirm-password and comes back.
 * Use after requireCustomer.
 */
export function requireRecentAuth(minutes: number = RECENT_AUTH_MINUTES): RequestHandler {
  return (req, res, next) => {
    const at = req.session?.authenticatedAt ?? 0;
    if (req.user && clock.now().getTime() - at <= minutes * 60_000) return next();
    if (wantsJson(req)) return next(new ForbiddenError('reauth_required', 'Please confirm your password to continue.'));
    res.redirect(303, `/account/confirm-password?next=${encodeURIComponent(returnPath(req))}`);
  };
}
