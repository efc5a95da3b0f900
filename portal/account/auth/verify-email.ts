import { Router } from 'express';
import { safeNextPath } from '../../../src/auth/safe-next.js';
import { sendVerificationEmail } from '../../../src/auth/send-verification-email.js';
import { verifyEmail } from '../../../src/auth/verify-email.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { isAppError } from '../../../src/lib/errors.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { nextParam, renderAuth } from './helpers.js';

/** GET /account/verify-email?token= (the mailed link), the "check your inbox" notice and POST .../resend. */
export function verifyEmailRouter(): Router {
  const router = Router();
  const limit = rateLimiter({ name: 'account-verify-resend', windowMs: 15 * 60_000, limit: 3, key: (req) => `user:${req.session?.userId ?? req.ip}` });

  router.get(
    '/verify-email',
    asyncHandler(async (req, res) => {
      // NOTE: the token is in the URL: no Referer may carry it to another site.
      res.set('Referrer-Policy', 'no-referrer');
      try {
        await verifyEmail(String(req.query.token ?? ''), ctxOf(req));
      } catch (err) {
        if (!isAppError(err) || !['token_invalid', 'token_expired'].includes(err.code)) throw err;
        if (req.user?.emailVerifiedAt) return res.redirect(303, '/account');
        return renderAuth(res, 'verify-email', 'Confirm your email address', { error: err.message, signedIn: Boolean(req.user) }, 410);
      }
      req.flash('success', 'Thank you, your email address is confirmed.');
      res.redirect(303, req.user ? '/account' : '/account/login');
    }),
  );

  router.get('/verify-email/notice', requireCustomer, (req, res) => {
    const next = safeNextPath(nextParam(req));
    if (req.user!.emailVerifiedAt) return res.redirect(303, next);
    renderAuth(res, 'verify-email', 'Confirm your email address', { email: req.user!.email, signedIn: true, next });
  });

  router.post(
    '/verify-email/resend',
    requireCustomer,
    limit,
    asyncHandler(async (req, res) => {
      const { sent } = await sendVerificationEmail(req.user!.id, ctxOf(req));
      req.flash(sent ? 'success' : 'info', sent ? `We sent a new link to ${req.user!.email}. Earlier links no longer work.` : 'Your email address is already confirmed.');
      res.redirect(303, sent ? '/account/verify-email/notice' : '/account');
    }),
  );

  return router;
}
