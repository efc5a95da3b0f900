/** Sign-in rules in one place: lockout, token lifetimes, re-authentication. */
export const LOGIN_POLICY = {
  /** Failed passwords or second-factor codes in a row before the account locks. */
  maxFailedAttempts: 5,
  lockMinutes: 15,
} as const;

export const TOKEN_TTL_MINUTES = {
  email_verification: 48 * 60,
  password_reset: 60,
  login_challenge: 10,
  reauth: 10,
} as const;

/** How long a pending second-factor step or a WebAuthn challenge stays valid. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** Default freshness of a password confirmation for sensitive pages. */
export const RECENT_AUTH_MINUTES = 15;
