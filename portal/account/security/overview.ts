import { Router, type Response } from 'express';
import { getSecurityOverview } from '../../../src/auth/get-security-overview.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { passkeyScripts } from '../auth/helpers.js';

/** Renders a page of the signed-in portal layout, never cached. */
export function renderPortal(res: Response, view: string, pageTitle: string, data: Record<string, unknown> = {}, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').render(`account/security/${view}`, { layout: 'portal', pageTitle, ...data });
}

/** GET /account/security: password, two-factor, recovery codes, passkeys and sessions on one page. */
export function overviewRouter(): Router {
  const router = Router();
  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const overview = await getSecurityOverview({ userId: req.user!.id, currentSid: req.sessionID }, ctxOf(req));
      renderPortal(res, 'index', 'Security', { pageScripts: passkeyScripts(), overview, otherSessions: overview.sessions.some((s) => !s.current) });
    }),
  );
  return router;
}
