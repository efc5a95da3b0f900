// Back-office fields of the admin session (the shared ones are in src/http/session-types.d.ts).
import 'express-session';

/** A sign-in between the password and the second factor. */
export interface PendingSignIn {
  userId: number;
  step: 'totp' | 'enrol';
  startedAt: number;
  /** The TOTP secret being enrolled, encrypted (encryptSecret), until a code from it is confirmed. */
  secretEnc?: string;
}

/** What AdminJS reads as `currentAdmin`: set on every request by requireStaff, never stored. */
export interface AdminUser {
  id: string;
  email: string;
  role: string;
  title: string;
}

declare module 'express-session' {
  interface SessionData {
    adminPending?: PendingSignIn;
    adminUser?: AdminUser;
  }
}
