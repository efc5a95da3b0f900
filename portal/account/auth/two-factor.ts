import { Router, type Request } from 'express';
import { safeNextPath } from '../../../src/auth/safe-next.js';
import { codeSchema } from '../../../src/auth/schemas.js';
import { verifySecondFactor } from '../../../src/auth/verify-second-factor.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { formBody, isSignInError, passkeyScripts, renderAuth, startSignedInSession } from './helpers.js';

type Pending = NonNullable<Request['session']['pendingSignIn']>;

/** The sign-in waiting for its second factor, if it has not timed out. */
export function pendingSignIn(req: Request): Pending | null {
  const pending = req.session?.pendingSignIn;
  if (!pending) return null;
  if (pending.expiresAt < clock.now().getTime()) {
    delete req.session.pendingSignIn;
    return null;
  }
  return pending;
}

/** GET/POST /account/login/two-factor: a TOTP code, a recovery code, or a passkey (passkeys.ts). */
export function twoFactorRouter(): Router {
  const router = Router();
  const limit = rateLimiter({
    name: 'account-two-factor',
    windowMs: 15 * 60_000,
    limit: 10,
    key: (req) => `user:${req.session?.pendingSignIn?.userId ?? req.ip}`,
  });
  const page = (passkey: boolean, data: Record<string, unknown> = {}) => ({ passkey, pageScripts: passkey ? passkeyScripts() : [], ...data });

  router.get('/login/two-factor', (req, res) => {
    const pending = pendingSignIn(req);
    if (!pending) {
      req.flash('info', 'Your sign-in timed out. Please sign in again.');
      return res.redirect(303, '/account/login');
    }
    renderAuth(res, 'two-factor', 'Two-factor authentication', page(pending.passkey));
  });

  router.post(
    '/login/two-factor',
    limit,
    asyncHandler(async (req, res) => {
      const pending = pendingSignIn(req);
      if (!pending) {
        req.flash('info', 'Your sign-in timed out. Please sign in again.');
        return res.redirect(303, '/account/login');
      }
      const parsed = codeSchema.safeParse(formBody(req));
      if (!parsed.success) return renderAuth(res, 'two-factor', 'Two-factor authentication', page(pending.passkey, { error: 'Enter a code.' }), 422);
      try {
        const { method } = await verifySecondFactor({ userId: pending.userId, code: parsed.data.code }, ctxOf(req));
        await startSignedInSession(req, pending.userId, method);
        if (method === 'recovery_code') req.flash('warning', 'You used a recovery code. Each code works once: generate new ones on the security page if you are running low.');
        res.redirect(303, safeNextPath(pending.next));
      } catch (err) {
        if (!isSignInError(err)) throw err;
        if (err.code !== 'invalid_code') {
          delete req.session.pendingSignIn;
          return renderAuth(res, 'login', 'Sign in', { pageScripts: passkeyScripts(), next: pending.next, error: err.message }, err.status);
        }
        renderAuth(res, 'two-factor', 'Two-factor authentication', page(pending.passkey, { error: err.message }), err.status);
      }
    }),
  );

  return router;
}
