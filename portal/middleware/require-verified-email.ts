import type { RequestHandler } from 'express';
import { ForbiddenError } from '../../src/lib/errors.js';
import { wantsJson } from '../../src/http/errors.js';
import { returnPath } from './require-customer.js';

/** Only customers who confirmed their email pass (after requireCustomer); others see the verify-email notice. */
export const requireVerifiedEmail: RequestHandler = (req, res, next) => {
  if (req.user?.emailVerifiedAt) return next();
  if (!req.user || wantsJson(req)) return next(new ForbiddenError('email_unverified', 'Please confirm your email address first.'));
  res.redirect(303, `/account/verify-email/notice?next=${encodeURIComponent(returnPath(req))}`);
};
