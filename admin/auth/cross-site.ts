import type { RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses requests another site could make in a staff member's browser: any write whose Origin is
 * another host, and any API call (AdminJS runs component-less actions as GETs) that the browser
 * marks as cross-site or same-site (a sibling subdomain). The session cookie is SameSite=Lax,
 * which already stops cross-site POSTs; this also covers top-level GETs.
 */
export const refuseCrossSite: RequestHandler = (req, res, next) => {
  const fetchSite = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const foreignOrigin = !!origin && origin !== 'null' && safeHost(origin) !== req.get('host');
  const api = req.path.startsWith('/api/');
  if ((api && (fetchSite === 'cross-site' || fetchSite === 'same-site')) || (!SAFE_METHODS.has(req.method) && (foreignOrigin || fetchSite === 'cross-site'))) {
    res.status(403).type('text').send('Cross-site request refused');
    return;
  }
  next();
};

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
