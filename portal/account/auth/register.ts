import { Router } from 'express';
import { COUNTRIES } from '../../../src/auth/countries.js';
import { registerCustomer } from '../../../src/auth/register-customer.js';
import { fieldErrors, registerSchema } from '../../../src/auth/schemas.js';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { isAppError } from '../../../src/lib/errors.js';
import { safeNextPath } from '../../../src/auth/safe-next.js';
import { formBody, nextParam, renderAuth, startSignedInSession } from './helpers.js';

type Values = Record<string, unknown>;

/** GET/POST /account/register: creates the customer, signs them in and mails the verification link. */
export function registerRouter(): Router {
  const router = Router();
  const limit = rateLimiter({ name: 'account-register', windowMs: 60 * 60_000, limit: 10 });
  const page = (values: Values, extra: Values = {}) => {
    const country = typeof values.country === 'string' ? values.country.toUpperCase() : '';
    return { values: { ...values, password: undefined }, countries: COUNTRIES.map((c) => ({ ...c, selected: c.code === country })), ...extra };
  };

  router.get('/register', (req, res) => {
    const next = safeNextPath(nextParam(req));
    if (req.user) return res.redirect(303, next);
    renderAuth(res, 'register', 'Create your account', page({}, { next }));
  });

  router.post(
    '/register',
    limit,
    asyncHandler(async (req, res) => {
      const next = safeNextPath(nextParam(req));
      const body = formBody(req);
      const parsed = registerSchema.safeParse(body);
      if (!parsed.success) return renderAuth(res, 'register', 'Create your account', page(body, { errors: fieldErrors(parsed.error), next }), 422);
      try {
        const { user } = await registerCustomer(parsed.data, ctxOf(req));
        await startSignedInSession(req, user.id, 'registration');
        req.flash('success', `Welcome to your account! We sent a link to ${user.email}: open it to confirm your email address.`);
        res.redirect(303, next);
      } catch (err) {
        if (!isAppError(err) || err.code !== 'email_taken') throw err;
        renderAuth(res, 'register', 'Create your account', page(body, { errors: { email: err.message }, emailTaken: true, next }), 409);
      }
    }),
  );

  return router;
}
