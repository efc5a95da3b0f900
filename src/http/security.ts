import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { config } from '../../config/index.js';
import { under } from './paths.js';

type Directives = Record<string, Iterable<string> | null>;

/** The site and portal policy: scripts and styles only from our origin, nothing inline. */
export const STRICT_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  // NOTE: no form-action: Chromium applies it to the redirect after a POST, which would block the
  // 303 to a payment gateway's hosted checkout.
  'form-action': null,
};

/** AdminJS injects per-request inline state and loads Google Fonts (shared/notes/adminjs.md §5). */
export const ADMIN_CSP: Directives = {
  ...STRICT_CSP,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  'font-src': ["'self'", 'https:', 'data:'],
  'img-src': ["'self'", 'data:', 'blob:'],
  'frame-ancestors': ["'self'"],
};

function build(directives: Directives, https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'upgrade-insecure-requests': https ? [] : null } },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

/** helmet with the strict CSP everywhere except /admin, which gets the relaxed one AdminJS needs. */
export function securityHeaders(): RequestHandler {
  const https = config().appUrl.startsWith('https:');
  const strict = build(STRICT_CSP, https);
  const admin = build(ADMIN_CSP, https);
  return (req, res, next) => (under(req.path, '/admin') ? admin : strict)(req, res, next);
}
