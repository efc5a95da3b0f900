import type { RequestHandler } from 'express';

/**
 * Marks a page that does not depend on the session as cacheable; Express adds the ETag (weak, from
 * the body) and answers 304 when it matches. NOTE: the header shows the signed-in state and the
 * theme/currency come from cookies, so shared caches must key on Cookie.
 */
export const publicCache: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'public, max-age=300');
  res.vary('Cookie');
  next();
};
