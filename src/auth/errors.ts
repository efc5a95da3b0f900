import { AppError, ForbiddenError, UnauthorizedError } from '../lib/errors.js';

/** The one message for a wrong email or password, whichever it was. */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password.';

export function invalidCredentials(): UnauthorizedError {
  return new UnauthorizedError('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
}

export function accountLocked(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'account_locked',
    `This account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'} after too many failed sign-in attempts. You can also reset your password.`,
    423,
  );
}

export function invalidCode(): UnauthorizedError {
  return new UnauthorizedError('invalid_code', 'That code is not valid. Check your authenticator app and try again.');
}

export function accountSuspended(): ForbiddenError {
  return new ForbiddenError('account_suspended', 'This account is suspended. Please contact support to restore access.');
}

export function accountClosed(): ForbiddenError {
  return new ForbiddenError('account_closed', 'This account is closed. Please contact support if you want to reopen it.');
}

export function staffAccount(): ForbiddenError {
  return new ForbiddenError('staff_account', 'Staff accounts cannot sign in to the customer portal. Use the back office instead.');
}

/** Codes the sign-in pages show next to the form rather than as an error page. */
export const SIGN_IN_ERROR_CODES = new Set([
  'invalid_credentials', 'account_locked', 'invalid_code', 'account_suspended', 'account_closed', 'staff_account',
  'passwordless_disabled', 'passkey_failed', 'challenge_expired',
]);
