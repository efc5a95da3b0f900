import { Router } from 'express';
import { z } from 'zod';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { finishPasskeyRegistration } from '../../../src/auth/passkeys/finish-passkey-registration.js';
import { removePasskey } from '../../../src/auth/passkeys/remove-passkey.js';
import { setPasswordless } from '../../../src/auth/passkeys/set-passwordless.js';
import { startPasskeyRegistration } from '../../../src/auth/passkeys/start-passkey-registration.js';
import { CHALLENGE_TTL_MS } from '../../../src/auth/policy.js';
import { passkeyNameSchema } from '../../../src/auth/schemas.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { isAppError, ValidationError } from '../../../src/lib/errors.js';
import { requireRecentAuth } from '../../middleware/require-recent-auth.js';

/** The browser's attestation; its contents are checked by @simplewebauthn/server. */
const registrationBody = z.object({
  name: passkeyNameSchema,
  response: z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string().max(1024), type: z.literal('public-key'), response: z.looseObject({}) }),
});
const idParam = z.coerce.number().int().positive();
const toggleBody = z.object({ enabled: z.enum(['true', 'false']) });

/** Passkeys: add (JSON, for public/js/passkeys.js), remove, and the passwordless switch. */
export function passkeysRouter(): Router {
  const router = Router();

  router.post(
    '/passkeys/options',
    requireRecentAuth(),
    asyncHandler(async (req, res) => {
      const options = await startPasskeyRegistration(req.user!.id, ctxOf(req));
      req.session.webauthn = { challenge: options.challenge, purpose: 'register', expiresAt: clock.now().getTime() + CHALLENGE_TTL_MS };
      res.json(options);
    }),
  );

  router.post(
    '/passkeys',
    asyncHandler(async (req, res) => {
      const { name, response } = registrationBody.parse(req.body);
      const challenge = req.session.webauthn;
      delete req.session.webauthn;
      if (!challenge || challenge.purpose !== 'register' || challenge.expiresAt < clock.now().getTime()) {
        throw new ValidationError('challenge_expired', 'The passkey request timed out. Please try again.');
      }
      await finishPasskeyRegistration(
        { userId: req.user!.id, response: response as unknown as RegistrationResponseJSON, expectedChallenge: challenge.challenge, name },
        ctxOf(req),
      );
      req.flash('success', 'Your passkey was added.');
      res.json({ redirect: '/account/security#passkeys' });
    }),
  );

  router.post(
    '/passkeys/:id/delete',
    asyncHandler(async (req, res) => {
      await removePasskey({ userId: req.user!.id, passkeyId: idParam.parse(req.params.id) }, ctxOf(req));
      req.flash('success', 'The passkey was removed. It can no longer sign in to your account.');
      res.redirect(303, '/account/security#passkeys');
    }),
  );

  router.post(
    '/passwordless',
    asyncHandler(async (req, res) => {
      const { enabled } = toggleBody.parse({ enabled: (req.body as Record<string, unknown>)?.enabled });
      try {
        await setPasswordless({ userId: req.user!.id, enabled: enabled === 'true' }, ctxOf(req));
        req.flash('success', enabled === 'true' ? 'You can now sign in with a passkey alone.' : 'Passwordless sign-in is off.');
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
      }
      res.redirect(303, '/account/security#passkeys');
    }),
  );

  return router;
}
