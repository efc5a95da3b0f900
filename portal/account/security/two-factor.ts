import { Router, type Request } from 'express';
import { config } from '../../../config/index.js';
import { disableTotp } from '../../../src/auth/disable-totp.js';
import { enableTotp } from '../../../src/auth/enable-totp.js';
import { TOKEN_TTL_MINUTES } from '../../../src/auth/policy.js';
import { regenerateRecoveryCodes } from '../../../src/auth/regenerate-recovery-codes.js';
import { codeSchema, passwordSchema } from '../../../src/auth/schemas.js';
import { startTotpSetup } from '../../../src/auth/start-totp-setup.js';
import { totpKeyUri } from '../../../src/auth/totp.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { decryptSecret, encryptSecret } from '../../../src/lib/crypto.js';
import { isAppError } from '../../../src/lib/errors.js';
import { requireRecentAuth } from '../../middleware/require-recent-auth.js';
import { formBody } from '../auth/helpers.js';
import { renderPortal } from './overview.js';

/** The secret being set up, if the setup has not timed out. */
function setupSecret(req: Request): string | null {
  const setup = req.session.totpSetup;
  if (!setup || setup.expiresAt < clock.now().getTime()) return null;
  return decryptSecret(setup.secretEnc);
}

/** The secret grouped by four characters, easier to type into an app. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** TOTP setup (start, show, confirm), disabling it, and regenerating recovery codes. */
export function twoFactorRouter(): Router {
  const router = Router();

  router.post(
    '/two-factor/setup',
    requireRecentAuth(),
    asyncHandler(async (req, res) => {
      const { secret } = await startTotpSetup(req.user!.id, ctxOf(req));
      req.session.totpSetup = { secretEnc: encryptSecret(secret), expiresAt: clock.now().getTime() + TOKEN_TTL_MINUTES.login_challenge * 60_000 };
      res.redirect(303, '/account/security/two-factor/setup');
    }),
  );

  router.get(
    '/two-factor/setup',
    asyncHandler(async (req, res) => {
      const secret = setupSecret(req);
      if (!secret || req.user!.totpEnabledAt) return res.redirect(303, '/account/security');
      const uri = totpKeyUri(req.user!.email, secret, config().appName);
      renderPortal(res, 'totp-setup', 'Set up two-factor authentication', { uri, secret: grouped(secret) });
    }),
  );

  router.post(
    '/two-factor/enable',
    asyncHandler(async (req, res) => {
      const secret = setupSecret(req);
      if (!secret) {
        req.flash('error', 'The setup timed out. Please start again.');
        return res.redirect(303, '/account/security#two-factor');
      }
      const parsed = codeSchema.safeParse(formBody(req));
      try {
        const { recoveryCodes } = await enableTotp({ userId: req.user!.id, secret, code: parsed.success ? parsed.data.code : '' }, ctxOf(req));
        delete req.session.totpSetup;
        renderPortal(res, 'recovery-codes', 'Your recovery codes', { recoveryCodes, enabled: true });
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
        res.redirect(303, err.code === 'invalid_code' ? '/account/security/two-factor/setup' : '/account/security');
      }
    }),
  );

  router.post(
    '/two-factor/disable',
    asyncHandler(async (req, res) => {
      const parsed = passwordSchema.safeParse(formBody(req));
      try {
        await disableTotp({ userId: req.user!.id, password: parsed.success ? parsed.data.password : '' }, ctxOf(req));
        req.flash('success', 'Two-factor authentication is off. Your recovery codes no longer work.');
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
      }
      res.redirect(303, '/account/security#two-factor');
    }),
  );

  router.post(
    '/recovery-codes',
    asyncHandler(async (req, res) => {
      const parsed = passwordSchema.safeParse(formBody(req));
      try {
        const { recoveryCodes } = await regenerateRecoveryCodes({ userId: req.user!.id, password: parsed.success ? parsed.data.password : '' }, ctxOf(req));
        renderPortal(res, 'recovery-codes', 'Your recovery codes', { recoveryCodes, enabled: false });
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
        res.redirect(303, '/account/security#two-factor');
      }
    }),
  );

  return router;
}
