import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import { config } from '../../config/index.js';

interface CachedPage {
  at: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Rendered pages by host, URL and the cookies that change them; oldest entries go first. */
const pages = new Map<string, CachedPage>();
const MAX_PAGES = 500;
const KEPT_HEADERS = ['content-type', 'cache-control', 'vary', 'content-language'];
/** The portal's session cookie (PORTAL_SESSION_COOKIE; not imported: the app factory imports this file). */
export const SESSION_COOKIE_PATTERN = /(?:^|;\s*)ezscale\.sid=[^;]/;

/** Forgets every rendered page (after a catalog or content change when it must show at once). */
export function clearPageCache(): void {
  pages.clear();
}

function cookie(req: Request, name: string): string {
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.headers.cookie ?? '');
  return match?.[1] ?? '';
}

/** Visitors with a session see their own header and flash messages: never from the shared copy. */
function cacheable(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !SESSION_COOKIE_PATTERN.test(req.headers.cookie ?? '');
}

function keyOf(req: Request): string {
  return `${req.protocol}://${req.hostname}${req.originalUrl}|theme=${cookie(req, 'theme')}|currency=${cookie(req, 'currency')}`;
}

/** Keeps the page `res` is about to send when it is a shared-cacheable 200 without cookies. */
function capture(res: Response, key: string): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (res.statusCode === 200 && typeof body === 'string' && !res.get('Set-Cookie') && /^public\b/.test(res.get('Cache-Control') ?? '')) {
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = res.get(name);
        if (value) headers[name] = value;
      }
      if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value as string);
      pages.set(key, { at: performance.now(), status: 200, headers, body });
    }
    return send(body);
  };
}

/**
 * Marks a page that does not depend on the session as cacheable; Express adds the ETag (weak, from
 * the body) and answers 304 when it matches. NOTE: the header shows the signed-in state and the
 * theme/currency come from cookies, so shared caches must key on Cookie. Visitors without a session
 * get the page rendered in the last SITE_CACHE_SECONDS for the same URL, theme and currency.
 */
export const publicCache: RequestHandler = (req, res, next) => {
  res.set('Cache-Control', 'public, max-age=300');
  res.vary('Cookie');
  if (config().siteCacheSeconds <= 0 || !cacheable(req)) return next();
  if (sendCachedPage(req, res)) return;
  capture(res, keyOf(req));
  next();
};

/** Answers with the kept copy of this page when there is a fresh one; false otherwise. */
function sendCachedPage(req: Request, res: Response): boolean {
  const hit = pages.get(keyOf(req));
  if (!hit || performance.now() - hit.at >= config().siteCacheSeconds * 1000) return false;
  res.status(hit.status).set(hit.headers);
  res.send(hit.body);
  return true;
}

/**
 * Mounted before sessions (portal/app-routes.ts): a visitor without a session gets a kept page without
 * the session, CSRF and flash middleware running for nothing; the page's own route answers the rest.
 */
export const earlyCachedPage: RequestHandler = (req, res, next) => {
  if (config().siteCacheSeconds > 0 && cacheable(req) && sendCachedPage(req, res)) return;
  next();
};
