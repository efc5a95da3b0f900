import { Router } from 'express';
import { confirmPasswordRouter } from './confirm-password.js';
import { loginRouter } from './login.js';
import { passkeyLoginRouter } from './passkey-login.js';
import { passwordResetRouter } from './password-reset.js';
import { registerRouter } from './register.js';
import { twoFactorRouter } from './two-factor.js';
import { verifyEmailRouter } from './verify-email.js';

/** Signing in and out, registration, email verification, password reset and re-authentication. */
export function authRouter(): Router {
  const router = Router();
  for (const sub of [loginRouter, twoFactorRouter, passkeyLoginRouter, registerRouter, verifyEmailRouter, passwordResetRouter, confirmPasswordRouter]) {
    router.use(sub());
  }
  return router;
}
