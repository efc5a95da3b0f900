import { Router } from 'express';
import { authenticateWithPassword } from '../../../src/auth/authenticate-with-password.js';
import { CHALLENGE_TTL_MS } from '../../../src/auth/policy.js';
import { safeNextPath } from '../../../src/auth/safe-next.js';
import { loginSchema } from '../../../src/auth/schemas.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { formBody, isSignInError, nextParam, passkeyScripts, regenerateSession, renderAuth, saveSession, startSignedInSession } from './helpers.js';

/** GET/POST /account/login (email + password), then to the second-factor step when TOTP is on; POST /account/logout. */
export function loginRouter(): Router {
  const router = Router();
  const limit = rateLimiter({ name: 'account-login', windowMs: 15 * 60_000, limit: 20 });

  router.get('/login', (req, res) => {
    const next = safeNextPath(nextParam(req));
    if (req.user) return res.redirect(303, next);
    renderAuth(res, 'login', 'Sign in', { pageScripts: passkeyScripts(), next });
  });

  router.post(
    '/login',
    limit,
    asyncHandler(async (req, res) => {
      const next = safeNextPath(nextParam(req));
      const parsed = loginSchema.safeParse(formBody(req));
      if (!parsed.success) return renderAuth(res, 'login', 'Sign in', { pageScripts: passkeyScripts(), next, error: 'Enter your email and password.' }, 422);
      try {
        const step = await authenticateWithPassword(parsed.data, ctxOf(req));
        if (!step.secondFactor) {
          await startSignedInSession(req, step.userId, 'password');
          return res.redirect(303, next);
        }
        // NOTE: a new session id already for the half-signed-in state; userId is set only after the second factor.
        await regenerateSession(req);
        req.session.pendingSignIn = { userId: step.userId, next, passkey: step.secondFactor.passkey, expiresAt: clock.now().getTime() + CHALLENGE_TTL_MS };
        await saveSession(req);
        res.redirect(303, '/account/login/two-factor');
      } catch (err) {
        if (!isSignInError(err)) throw err;
        renderAuth(res, 'login', 'Sign in', { pageScripts: passkeyScripts(), next, email: parsed.data.email, error: err.message }, err.status);
      }
    }),
  );

  router.post(
    '/logout',
    asyncHandler(async (req, res) => {
      await regenerateSession(req);
      req.flash('success', 'You have been signed out.');
      res.redirect(303, '/account/login');
    }),
  );

  return router;
}
