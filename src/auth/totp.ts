import crypto from 'node:crypto';
import { authenticator } from 'otplib';
import { clock } from '../lib/clock.js';
import { decryptSecret, encryptSecret, sha256 } from '../lib/crypto.js';

// NOTE: one step of drift either way tolerates a phone clock 30 s off without weakening much.
authenticator.options = { window: 1, step: 30, digits: 6 };

/** A new TOTP secret (base32) and its otpauth:// URI for the authenticator app. */
export function generateTotpSecret(accountEmail: string, issuer = 'EZSCALE'): { secret: string; uri: string } {
  const secret = authenticator.generateSecret(20);
  return { secret, uri: authenticator.keyuri(accountEmail, issuer, secret) };
}

/** Checks a 6-digit code against a plain base32 secret at `now`. */
export function verifyTotp(secret: string, code: string, now: Date = clock.now()): boolean {
  const clean = String(code).replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return false;
  try {
    return authenticator.clone({ epoch: now.getTime() }).check(clean, secret);
  } catch {
    return false;
  }
}

/**
 * The 30-second step a code belongs to when it is valid for the encrypted secret stored on the user
 * (the current step or one either side), else null. Sign-in keeps the last step used so a code
 * cannot be replayed within its window.
 */
export function storedTotpStep(secretEnc: string | null | undefined, code: string, now: Date): number | null {
  const clean = String(code).replace(/\s+/g, '');
  if (!secretEnc || !/^\d{6}$/.test(clean)) return null;
  try {
    const delta = authenticator.clone({ epoch: now.getTime() }).checkDelta(clean, decryptSecret(secretEnc));
    return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
  } catch {
    return null;
  }
}

/** The code of a secret at `now` (tests and the demo seed use it). */
export function currentTotp(secret: string, now: Date = clock.now()): string {
  return authenticator.clone({ epoch: now.getTime() }).generate(secret);
}

export const encryptTotpSecret = encryptSecret;

/** Ten recovery codes ("xxxxx-xxxxx") in clear, to show once, and their hashes, to store. */
export function generateRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const raw = crypto.randomBytes(6).toString('hex').slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** The stored form of a recovery code (case- and dash-insensitive). */
export function hashRecoveryCode(code: string): string {
  return sha256(code.trim().toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** The otpauth:// URI of an existing secret (to show it again while setup is pending). */
export function totpKeyUri(accountEmail: string, secret: string, issuer = 'EZSCALE'): string {
  return authenticator.keyuri(accountEmail, issuer, secret);
}
