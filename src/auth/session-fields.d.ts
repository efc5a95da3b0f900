// Session fields of customer sign-in and account security (interfaces merge with src/http/session-types.d.ts).
import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Epoch ms of the last full sign-in or password confirmation (requireRecentAuth reads it). */
    authenticatedAt?: number;
    /** A password-verified sign-in waiting for its second factor; no userId is set until it passes. */
    pendingSignIn?: { userId: number; next: string; passkey: boolean; expiresAt: number };
    /** A TOTP secret being set up, encrypted under APP_KEY, until a code from it is confirmed. */
    totpSetup?: { secretEnc: string; expiresAt: number };
    /** The challenge of a WebAuthn ceremony in progress, single use. */
    webauthn?: { challenge: string; purpose: 'register' | 'second_factor' | 'passwordless'; expiresAt: number };
  }
}
