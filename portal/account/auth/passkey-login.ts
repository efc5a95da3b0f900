import { Router } from 'express';
import { z } from 'zod';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { finishPasskeyAuthentication } from '../../../src/auth/passkeys/finish-passkey-authentication.js';
import { startPasskeyAuthentication } from '../../../src/auth/passkeys/start-passkey-authentication.js';
import { CHALLENGE_TTL_MS } from '../../../src/auth/policy.js';
import { safeNextPath } from '../../../src/auth/safe-next.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { UnauthorizedError } from '../../../src/lib/errors.js';
import { nextParam, startSignedInSession } from './helpers.js';
import { pendingSignIn } from './two-factor.js';

const optionsBody = z.object({ mode: z.enum(['passwordless', 'second_factor']) });
/** The browser's assertion; its contents are checked by @simplewebauthn/server. */
const assertionBody = z.object({
  response: z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string().max(1024), type: z.literal('public-key'), response: z.looseObject({}) }),
});

function challengeExpired(): UnauthorizedError {
  return new UnauthorizedError('challenge_expired', 'The passkey request timed out. Please try again.');
}

/**
 * JSON endpoints for public/js/passkeys.js: POST /account/login/passkey/options, then
 * POST /account/login/passkey with the assertion. As the second factor of a pending sign-in, or
 * passwordless for accounts that turned it on.
 */
export function passkeyLoginRouter(): Router {
  const router = Router();
  const limit = rateLimiter({ name: 'account-passkey-login', windowMs: 15 * 60_000, limit: 30 });

  router.post(
    '/login/passkey/options',
    limit,
    asyncHandler(async (req, res) => {
      const { mode } = optionsBody.parse(req.body);
      const pending = mode === 'second_factor' ? pendingSignIn(req) : null;
      if (mode === 'second_factor' && !pending) throw challengeExpired();
      const options = await startPasskeyAuthentication({ userId: pending?.userId ?? null }, ctxOf(req));
      req.session.webauthn = { challenge: options.challenge, purpose: pending ? 'second_factor' : 'passwordless', expiresAt: clock.now().getTime() + CHALLENGE_TTL_MS };
      res.json(options);
    }),
  );

  router.post(
    '/login/passkey',
    limit,
    asyncHandler(async (req, res) => {
      const { response } = assertionBody.parse(req.body);
      const challenge = req.session.webauthn;
      delete req.session.webauthn;
      if (!challenge || challenge.purpose === 'register' || challenge.expiresAt < clock.now().getTime()) throw challengeExpired();
      const pending = challenge.purpose === 'second_factor' ? pendingSignIn(req) : null;
      if (challenge.purpose === 'second_factor' && !pending) throw challengeExpired();
      const { userId } = await finishPasskeyAuthentication(
        { response: response as unknown as AuthenticationResponseJSON, expectedChallenge: challenge.challenge, userId: pending?.userId ?? null },
        ctxOf(req),
      );
      const next = safeNextPath(pending?.next ?? nextParam(req));
      await startSignedInSession(req, userId, pending ? 'passkey' : 'passwordless');
      res.json({ redirect: next });
    }),
  );

  return router;
}
