import { Router } from 'express';
import { requestPasswordReset } from '../../../src/auth/request-password-reset.js';
import { resetPassword } from '../../../src/auth/reset-password.js';
import { emailSchema, fieldErrors, resetPasswordSchema } from '../../../src/auth/schemas.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { isAppError } from '../../../src/lib/errors.js';
import { formBody, regenerateSession, renderAuth } from './helpers.js';

const TOKEN_ERRORS = ['token_invalid', 'token_expired'];

/** GET/POST /account/forgot-password and /account/reset-password (the mailed link, 60 minutes, single use). */
export function passwordResetRouter(): Router {
  const router = Router();
  const limit = rateLimiter({ name: 'account-password-reset', windowMs: 60 * 60_000, limit: 10 });

  router.get('/forgot-password', (_req, res) => renderAuth(res, 'forgot-password', 'Reset your password'));

  router.post(
    '/forgot-password',
    limit,
    asyncHandler(async (req, res) => {
      const parsed = emailSchema.safeParse(formBody(req));
      if (!parsed.success) return renderAuth(res, 'forgot-password', 'Reset your password', { email: formBody(req).email, error: 'Enter a valid email address.' }, 422);
      await requestPasswordReset(parsed.data, ctxOf(req));
      // NOTE: the same answer whether or not the address has an account.
      req.flash('info', `If an account exists for ${parsed.data.email}, we sent it a link to reset the password. The link works for 60 minutes.`);
      res.redirect(303, '/account/forgot-password');
    }),
  );

  router.get('/reset-password', (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!token) return res.redirect(303, '/account/forgot-password');
    renderAuth(res, 'reset-password', 'Choose a new password', { token });
  });

  router.post(
    '/reset-password',
    limit,
    asyncHandler(async (req, res) => {
      res.set('Referrer-Policy', 'no-referrer');
      const body = formBody(req);
      const token = typeof body.token === 'string' ? body.token : '';
      const parsed = resetPasswordSchema.safeParse(body);
      if (!parsed.success) return renderAuth(res, 'reset-password', 'Choose a new password', { token, errors: fieldErrors(parsed.error) }, 422);
      try {
        await resetPassword({ token: parsed.data.token, password: parsed.data.password }, ctxOf(req));
      } catch (err) {
        if (!isAppError(err) || !TOKEN_ERRORS.includes(err.code)) throw err;
        return renderAuth(res, 'reset-password', 'Choose a new password', { expired: true, error: err.message }, 410);
      }
      // NOTE: every session of the account was deleted; this browser starts over with a fresh one.
      await regenerateSession(req);
      req.flash('success', 'Your password was changed and every device was signed out. Sign in with your new password.');
      res.redirect(303, '/account/login');
    }),
  );

  return router;
}
