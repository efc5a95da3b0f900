import { Router } from 'express';
import { z } from 'zod';
import { revokeOtherSessions } from '../../../src/auth/sessions/revoke-other-sessions.js';
import { revokeSession } from '../../../src/auth/sessions/revoke-session.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { isAppError } from '../../../src/lib/errors.js';

const handleParam = z.string().regex(/^[0-9a-f]{32}$/);

/** Ending sessions: one other session, or every other one. */
export function sessionsRouter(): Router {
  const router = Router();

  router.post(
    '/sessions/:handle/revoke',
    asyncHandler(async (req, res) => {
      const handle = handleParam.safeParse(req.params.handle);
      try {
        await revokeSession({ userId: req.user!.id, handle: handle.success ? handle.data : '', currentSid: req.sessionID }, ctxOf(req));
        req.flash('success', 'That session was signed out.');
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
      }
      res.redirect(303, '/account/security#sessions');
    }),
  );

  router.post(
    '/sessions/revoke-others',
    asyncHandler(async (req, res) => {
      const { revoked } = await revokeOtherSessions({ userId: req.user!.id, currentSid: req.sessionID }, ctxOf(req));
      req.flash('success', revoked ? `Signed out ${revoked} other session${revoked === 1 ? '' : 's'}.` : 'There were no other sessions.');
      res.redirect(303, '/account/security#sessions');
    }),
  );

  return router;
}
