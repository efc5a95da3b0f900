import { Router } from 'express';
import { confirmPassword } from '../../../src/auth/confirm-password.js';
import { safeNextPath } from '../../../src/auth/safe-next.js';
import { passwordSchema } from '../../../src/auth/schemas.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { isAppError } from '../../../src/lib/errors.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { formBody, nextParam, renderAuth } from './helpers.js';

/** GET/POST /account/confirm-password: re-authentication before sensitive pages (requireRecentAuth). */
export function confirmPasswordRouter(): Router {
  const router = Router();
  const limit = rateLimiter({ name: 'account-reauth', windowMs: 15 * 60_000, limit: 10, key: (req) => `user:${req.session?.userId ?? req.ip}` });

  router.get('/confirm-password', requireCustomer, (req, res) => {
    renderAuth(res, 'confirm-password', 'Confirm your password', { next: safeNextPath(nextParam(req)), email: req.user!.email });
  });

  router.post(
    '/confirm-password',
    requireCustomer,
    limit,
    asyncHandler(async (req, res) => {
      const next = safeNextPath(nextParam(req));
      const parsed = passwordSchema.safeParse(formBody(req));
      const again = (error: string) => renderAuth(res, 'confirm-password', 'Confirm your password', { next, email: req.user!.email, error }, 422);
      if (!parsed.success) return again('Enter your password.');
      try {
        await confirmPassword({ userId: req.user!.id, password: parsed.data.password }, ctxOf(req));
      } catch (err) {
        if (!isAppError(err) || err.code !== 'password_wrong') throw err;
        return again(err.message);
      }
      req.session.authenticatedAt = clock.now().getTime();
      res.redirect(303, next);
    }),
  );

  return router;
}
