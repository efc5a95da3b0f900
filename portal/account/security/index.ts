import { Router } from 'express';
import { requireCustomer } from '../../middleware/require-customer.js';
import { overviewRouter } from './overview.js';
import { passkeysRouter } from './passkeys.js';
import { passwordRouter } from './password.js';
import { sessionsRouter } from './sessions.js';
import { twoFactorRouter } from './two-factor.js';

/** /account/security: everything about signing in to the account, for the signed-in customer only. */
export function securityRouter(): Router {
  const router = Router();
  router.use(requireCustomer);
  for (const sub of [overviewRouter, passwordRouter, twoFactorRouter, passkeysRouter, sessionsRouter]) router.use(sub());
  return router;
}
