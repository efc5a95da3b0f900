import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { ACCESS_JWT_HEADER, accessConfigured } from '../../src/auth/cloudflare-access.js';
import { completeSignIn } from '../../src/auth/complete-sign-in.js';
import { enableTotp } from '../../src/auth/enable-totp.js';
import { CHALLENGE_TTL_MS } from '../../src/auth/policy.js';
import { startTotpSetup } from '../../src/auth/start-totp-setup.js';
import { verifySecondFactor } from '../../src/auth/verify-second-factor.js';
import { asyncHandler } from '../../src/http/async.js';
import { csrfTokenFor } from '../../src/http/csrf.js';
import { rateLimiter } from '../../src/http/rate-limit.js';
import { clock } from '../../src/lib/clock.js';
import { decryptSecret, encryptSecret, safeEqual } from '../../src/lib/crypto.js';
import { isAppError, RateLimitError } from '../../src/lib/errors.js';
import { staffCtx } from '../context.js';
import { ADMIN_PATHS, ADMIN_SESSION_COOKIE } from '../paths.js';
import { challengePage, enrolPage, loginPage, recoveryCodesPage } from './pages.js';
import type { PendingSignIn } from './session-data.js';
import { authenticateStaff, authenticateStaffByAccess } from './staff-sign-in.js';

/** The staff sign-in: password, then TOTP (enrolment first when the account has none), and sign-out. */

const CHALLENGE = `${ADMIN_PATHS.login}/two-factor`;
const ENROL = `${ADMIN_PATHS.login}/enrol`;
const ENROL_TTL_MS = 15 * 60_000;
const EXPIRED_FORM = 'This form has expired. Please try again.';
/** Error codes shown next to the form; anything else goes to the error handler. */
const FORM_ERRORS = new Set(['invalid_credentials', 'account_locked', 'account_suspended', 'invalid_code']);

const relative = (absolute: string) => absolute.slice(ADMIN_PATHS.root.length);
const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};
const csrfOk = (req: Request): boolean => {
  const sent = field(req, '_csrf');
  const expected = req.session.csrfSecret;
  return !!sent && !!expected && safeEqual(sent, expected);
};
const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));

function pendingOf(req: Request, step: PendingSignIn['step']): PendingSignIn | null {
  const pending = req.session.adminPending;
  const ttl = step === 'enrol' ? ENROL_TTL_MS : CHALLENGE_TTL_MS;
  if (!pending || pending.step !== step || clock.now().getTime() - pending.startedAt > ttl) return null;
  return pending;
}

function formError(err: unknown): { status: number; message: string } | null {
  return isAppError(err) && FORM_ERRORS.has(err.code) ? { status: err.status, message: err.message } : null;
}

/** Signs the session in for good: a fresh session id holding only the staff user's id. */
async function signIn(req: Request, userId: number, method: 'totp' | 'recovery_code'): Promise<void> {
  await completeSignIn(userId, { method }, staffCtx({ id: userId }));
  await regenerate(req);
  req.session.userId = userId;
  req.session.surface = 'admin';
}

/** Once the first factor is proven: a fresh session waiting for the TOTP code (or its enrolment). */
async function startSecondStep(req: Request, res: Response, proven: { userId: number; enrol: boolean }): Promise<void> {
  await regenerate(req);
  req.session.adminPending = { userId: proven.userId, step: proven.enrol ? 'enrol' : 'totp', startedAt: clock.now().getTime() };
  res.redirect(303, proven.enrol ? ENROL : CHALLENGE);
}

function showLogin(req: Request, res: Response, extra: { status?: number; error?: string | null; email?: string } = {}): void {
  const notice = req.query.signed_out ? 'You have signed out.' : null;
  res.status(extra.status ?? 200).type('html').send(loginPage({ action: ADMIN_PATHS.login, csrf: csrfTokenFor(req), notice, ...extra }));
}

function showChallenge(req: Request, res: Response, error: string | null = null, status = 200): void {
  res.status(status).type('html').send(challengePage({ action: CHALLENGE, cancel: ADMIN_PATHS.logout, csrf: csrfTokenFor(req), error }));
}

function showEnrol(req: Request, res: Response, pending: PendingSignIn, error: string | null = null, status = 200): void {
  const { secret, uri } = JSON.parse(decryptSecret(pending.secretEnc!)) as { secret: string; uri: string };
  res.status(status).type('html').send(enrolPage({ action: ENROL, cancel: ADMIN_PATHS.logout, csrf: csrfTokenFor(req), secret, uri, error }));
}

/** Mounts the sign-in and sign-out routes on the admin router (paths relative to ADMIN_PATHS.root). */
export function mountSignInRoutes(router: Router): void {
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const limited = rateLimiter({ name: 'admin-sign-in', windowMs: 15 * 60_000, limit: 20 });

  router.get(relative(ADMIN_PATHS.login), asyncHandler(async (req, res) => {
    if (req.session.userId) return res.redirect(303, ADMIN_PATHS.root);
    const token = req.get(ACCESS_JWT_HEADER);
    if (token && accessConfigured() && !req.query.signed_out) {
      // NOTE: a verified Cloudflare Access identity stands in for the password; the code is still asked.
      const proven = await authenticateStaffByAccess({ token }, staffCtx());
      if (proven) return startSecondStep(req, res, proven);
    }
    showLogin(req, res);
  }));

  router.post(relative(ADMIN_PATHS.login), limited, form, asyncHandler(async (req, res) => {
    const email = field(req, 'email').slice(0, 191);
    if (!csrfOk(req)) return showLogin(req, res, { status: 403, error: EXPIRED_FORM, email });
    try {
      await startSecondStep(req, res, await authenticateStaff({ email, password: field(req, 'password').slice(0, 256) }, staffCtx()));
    } catch (err) {
      const shown = formError(err);
      if (!shown) throw err;
      showLogin(req, res, { status: shown.status, error: shown.message, email });
    }
  }));

  router.get(relative(CHALLENGE), (req, res) => {
    if (!pendingOf(req, 'totp')) return res.redirect(303, ADMIN_PATHS.login);
    showChallenge(req, res);
  });

  router.post(relative(CHALLENGE), limited, form, asyncHandler(async (req, res) => {
    const pending = pendingOf(req, 'totp');
    if (!pending) return res.redirect(303, ADMIN_PATHS.login);
    if (!csrfOk(req)) return showChallenge(req, res, EXPIRED_FORM, 403);
    try {
      const { method } = await verifySecondFactor({ userId: pending.userId, code: field(req, 'code').slice(0, 32), surface: 'back_office' }, staffCtx({ id: pending.userId }));
      await signIn(req, pending.userId, method);
      res.redirect(303, ADMIN_PATHS.root);
    } catch (err) {
      const shown = formError(err);
      if (!shown) throw err;
      showChallenge(req, res, shown.message, shown.status);
    }
  }));

  router.get(relative(ENROL), asyncHandler(async (req, res) => {
    const pending = pendingOf(req, 'enrol');
    if (!pending) return res.redirect(303, ADMIN_PATHS.login);
    if (!pending.secretEnc) {
      const setup = await startTotpSetup(pending.userId, staffCtx({ id: pending.userId }));
      pending.secretEnc = encryptSecret(JSON.stringify(setup));
    }
    showEnrol(req, res, pending);
  }));

  router.post(relative(ENROL), limited, form, asyncHandler(async (req, res) => {
    const pending = pendingOf(req, 'enrol');
    if (!pending?.secretEnc) return res.redirect(303, ADMIN_PATHS.login);
    if (!csrfOk(req)) return showEnrol(req, res, pending, EXPIRED_FORM, 403);
    const { secret } = JSON.parse(decryptSecret(pending.secretEnc)) as { secret: string };
    try {
      const ctx = staffCtx({ id: pending.userId });
      const { recoveryCodes } = await enableTotp({ userId: pending.userId, secret, code: field(req, 'code').slice(0, 32) }, ctx);
      await signIn(req, pending.userId, 'totp');
      // NOTE: the codes are shown in this response and kept nowhere (a reload re-posts the spent form,
      // which finds no pending enrolment and goes on to /admin).
      res.set('Cache-Control', 'no-store').type('html').send(recoveryCodesPage({ codes: recoveryCodes, next: ADMIN_PATHS.root }));
    } catch (err) {
      if (!isAppError(err) || err.code !== 'invalid_code') throw err;
      showEnrol(req, res, pending, err.message, 422);
    }
  }));

  router.get(relative(ADMIN_PATHS.logout), (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(ADMIN_SESSION_COOKIE, { path: ADMIN_PATHS.root });
      res.redirect(303, `${ADMIN_PATHS.login}?signed_out=1`);
    });
  });

  const tooManyAttempts: ErrorRequestHandler = (err, req, res, next) => {
    if (!(err instanceof RateLimitError) || !req.path.startsWith(relative(ADMIN_PATHS.login))) return next(err);
    showLogin(req, res, { status: 429, error: err.message });
  };
  router.use(tooManyAttempts);
}
