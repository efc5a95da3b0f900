import type { Request, RequestHandler } from 'express';
import { randomToken, safeEqual } from '../lib/crypto.js';
import { ForbiddenError } from '../lib/errors.js';
import { defineLazyLocal } from './lazy-locals.js';
import { SESSIONLESS_PREFIXES, underAny } from './paths.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session's synchronizer token, created on first use (this saves the session). */
export function csrfTokenFor(req: Request): string {
  if (!req.session) throw new Error('CSRF needs a session (mount sessionMiddleware first)');
  req.session.csrfSecret ??= randomToken(32);
  return req.session.csrfSecret;
}

function sentToken(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body._csrf === 'string') return body._csrf;
  const header = req.get('x-csrf-token');
  if (header) return header;
  // NOTE: multipart bodies are parsed later by the route (uploads), so such forms may carry the token in the query.
  if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
  return undefined;
}

/**
 * Synchronizer-token CSRF for the session surfaces: every POST/PUT/PATCH/DELETE must carry `_csrf`
 * (form field) or `x-csrf-token` equal to the session's token, else 403. Pages get `csrfToken` in
 * their locals (created only when a template reads it). /webhooks, /api and /admin are skipped.
 */
export const csrfProtection: RequestHandler = (req, res, next) => {
  if (underAny(req.path, SESSIONLESS_PREFIXES)) return next();
  defineLazyLocal(res, 'csrfToken', () => csrfTokenFor(req));
  if (!UNSAFE_METHODS.has(req.method)) return next();
  const sent = sentToken(req);
  const expected = req.session?.csrfSecret;
  if (!sent || !expected || !safeEqual(sent, expected)) {
    return next(new ForbiddenError('csrf_invalid', 'This form has expired or was not sent from our site. Reload the page and try again.'));
  }
  next();
};
