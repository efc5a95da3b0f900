import { Router } from 'express';
import { changePassword } from '../../../src/auth/change-password.js';
import { changePasswordSchema, fieldErrors } from '../../../src/auth/schemas.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { isAppError } from '../../../src/lib/errors.js';
import { formBody } from '../auth/helpers.js';

/** POST /account/security/password: change the password (current one required); other sessions end. */
export function passwordRouter(): Router {
  const router = Router();
  router.post(
    '/password',
    asyncHandler(async (req, res) => {
      const parsed = changePasswordSchema.safeParse(formBody(req));
      if (!parsed.success) {
        req.flash('error', Object.values(fieldErrors(parsed.error))[0] ?? 'Check the password fields.');
        return res.redirect(303, '/account/security#password');
      }
      try {
        const { sessionsRevoked } = await changePassword(
          { userId: req.user!.id, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword, keepSid: req.sessionID },
          ctxOf(req),
        );
        req.session.authenticatedAt = clock.now().getTime();
        req.flash('success', `Your password was changed${sessionsRevoked ? ` and ${sessionsRevoked} other session${sessionsRevoked === 1 ? ' was' : 's were'} signed out` : ''}.`);
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
      }
      res.redirect(303, '/account/security#password');
    }),
  );
  return router;
}
