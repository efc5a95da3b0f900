import type { Request, Response } from 'express';
import { completeSignIn, type SignInMethod } from '../../../src/auth/complete-sign-in.js';
import { SIGN_IN_ERROR_CODES } from '../../../src/auth/errors.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { assetVersion } from '../../../src/http/static.js';
import { clock } from '../../../src/lib/clock.js';
import { isAppError, type AppError } from '../../../src/lib/errors.js';

/** The submitted form without its transport fields (`_csrf`, `next`), ready for a `.strict()` schema. */
export function formBody(req: Request): Record<string, unknown> {
  const body = { ...((req.body ?? {}) as Record<string, unknown>) };
  delete body._csrf;
  delete body.next;
  return body;
}

/** The `next` the page was asked with (query or hidden field), unchecked: pass it through `safeNextPath`. */
export function nextParam(req: Request): unknown {
  return (req.body as Record<string, unknown> | undefined)?.next ?? req.query.next;
}

export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/**
 * Finishes a sign-in: records it (device check, login mail), then gives the browser a new session
 * id (no fixation) that carries the user.
 */
export async function startSignedInSession(req: Request, userId: number, method: SignInMethod): Promise<void> {
  const { newDevice } = await completeSignIn(userId, { method }, ctxOf(req));
  await regenerateSession(req);
  req.session.userId = userId;
  req.session.surface = 'portal';
  req.session.authenticatedAt = clock.now().getTime();
  if (newDevice) req.flash('info', 'You signed in from a new device, so we sent a notice to your email address.');
  await saveSession(req);
}

/** An error the sign-in pages show beside the form (wrong password, locked, suspended ...). */
export function isSignInError(err: unknown): err is AppError {
  return isAppError(err) && SIGN_IN_ERROR_CODES.has(err.code);
}

/** Renders a page of the centered auth layout. */
export function renderAuth(res: Response, view: string, pageTitle: string, data: Record<string, unknown> = {}, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').render(`account/auth/${view}`, { layout: 'auth', pageTitle, ...data });
}

/** The `pageScripts` of a page with passkey buttons (public/js/passkeys.js, loaded by the layout). */
export function passkeyScripts(): string[] {
  return [`/assets/js/passkeys.js?v=${assetVersion()}`];
}
