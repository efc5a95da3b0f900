import type { Request, RequestHandler } from 'express';
import { UnauthorizedError } from '../../src/lib/errors.js';
import { wantsJson } from '../../src/http/errors.js';

/** Where to come back to after signing in: the page asked for (GET), or the page the form was on. */
export function returnPath(req: Request): string {
  if (req.method === 'GET' || req.method === 'HEAD') return req.originalUrl;
  try {
    const referer = new URL(req.get('referer') ?? '');
    if (referer.host === req.get('host')) return referer.pathname + referer.search;
  } catch {
    // no or malformed Referer: fall back below
  }
  return '/account';
}

/** Only signed-in customers pass; others go to the login page, which brings them back afterwards. */
export const requireCustomer: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (wantsJson(req)) return next(new UnauthorizedError('unauthenticated', 'Please sign in'));
  res.redirect(303, `/account/login?next=${encodeURIComponent(returnPath(req))}`);
};
