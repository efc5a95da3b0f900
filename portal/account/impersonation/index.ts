import { Router, type Request, type RequestHandler } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { hostUrls } from '../../../src/http/hosts.js';
import { clock } from '../../../src/lib/clock.js';
import type { Ctx, Role } from '../../../src/lib/context.js';
import { ForbiddenError } from '../../../src/lib/errors.js';
import { User } from '../../../src/models/index.js';
import { endImpersonation } from './end-impersonation.js';
import { openImpersonation } from './open-impersonation.js';

/** How long one impersonation may last before the portal ends it. */
export const IMPERSONATION_MAX_MS = 60 * 60_000;

/**
 * What staff may not do as the customer: change the password, two-factor, passkeys or sign-in
 * sessions (everything under /security), the e-mail address, or saved payment methods.
 */
export const REFUSED_WHILE_IMPERSONATING = [/^\/security(\/|$)/, /^\/profile\/(password|email)(\/|$)/, /^\/billing\/(payment-methods|cards|methods)(\/|$)/];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The staff member's context, for the audit rows of the start and the end. */
function staffCtxOf(req: Request, staffId: number | null, role?: string): Ctx {
  return {
    actor: { type: 'staff', userId: staffId, role: role as Role | undefined, ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 255) ?? null },
    now: clock.now(),
    requestId: req.id,
  };
}

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const destroy = (req: Request) => new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));

/** The customer's page in the back office, on the admin host when it has its own. */
const backOfficeUrl = (req: Request, customerId: number) => `${hostUrls(req).admin}/admin/resources/customers/records/${customerId}/show`;

/** Ends the impersonation of this session (audited) and signs the portal session out. */
async function finish(req: Request, why: 'returned' | 'timed_out'): Promise<number | null> {
  const state = req.session.impersonation;
  const staffId = req.session.impersonatorId ?? null;
  if (!state || !staffId) return null;
  const staff = await User.findByPk(staffId, { attributes: ['id', 'role'] });
  await endImpersonation({ ...state, why }, staffCtxOf(req, staffId, staff?.role));
  await destroy(req);
  return state.customerId;
}

/** Refuses account-security and payment-method changes while staff view the portal as the customer; ends stale impersonations. */
const guard: RequestHandler = asyncHandler(async (req, res, next) => {
  const state = req.session?.impersonation;
  if (!state || !req.session.impersonatorId) return next();
  if (clock.now().getTime() - state.startedAt > IMPERSONATION_MAX_MS) {
    const customerId = await finish(req, 'timed_out');
    return res.redirect(303, backOfficeUrl(req, customerId ?? state.customerId));
  }
  if (!SAFE_METHODS.has(req.method) && REFUSED_WHILE_IMPERSONATING.some((re) => re.test(req.path))) {
    throw new ForbiddenError(
      'impersonation_read_only',
      'You are viewing this account as staff: the customer\'s password, two-factor authentication, passkeys, sessions, e-mail address and payment methods cannot be changed. Ask the customer to do it.',
    );
  }
  next();
});

/**
 * /account/impersonation: `GET start?token=` opens the portal as the customer named by a hand-over
 * token from the back office (fresh session, no password); `POST stop` ends it and returns to the
 * customer's page in the back office. Mounted at /account before the portal's own routers, whose
 * protected changes it refuses while impersonating.
 */
export function impersonationRouter(): Router {
  const router = Router();

  router.get('/impersonation/start', asyncHandler(async (req, res) => {
    res.set({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' });
    const claims = await openImpersonation(req.query.token, staffCtxOf(req, null));
    await regenerate(req);
    req.session.userId = claims.userId;
    req.session.surface = 'portal';
    req.session.impersonatorId = claims.staffId;
    req.session.impersonation = { auditId: claims.auditId, customerId: claims.customerId, startedAt: clock.now().getTime() };
    res.redirect(303, '/account');
  }));

  router.post('/impersonation/stop', asyncHandler(async (req, res) => {
    const customerId = await finish(req, 'returned');
    res.redirect(303, customerId ? backOfficeUrl(req, customerId) : '/account');
  }));

  router.use(guard);
  return router;
}
