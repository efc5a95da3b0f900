import crypto from 'node:crypto';
import { authenticator } from 'otplib';
import { decryptSecret, encryptSecret, sha256 } from '../lib/crypto.js';

// NOTE: one step of drift either way tolerates a phone clock 30 s off without weakening much.
authenticator.options = { window: 1, step: 30, digits: 6 };

/** A new TOTP secret (base32) and its otpauth:// URI for the authenticator app. */
export function generateTotpSecret(accountEmail: string, issuer = 'EZSCALE'): { secret: string; uri: string } {
  const secret = authenticator.generateSecret(20);
  return { secret, uri: authenticator.keyuri(accountEmail, issuer, secret) };
}

/** Checks a 6-digit code against a plain base32 secret. */
export function verifyTotp(secret: string, code: string): boolean {
  const clean = String(code).replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return false;
  try {
    return authenticator.check(clean, secret);
  } catch {
    return false;
  }
}

/** Checks a code against the encrypted secret stored on the user. */
export function verifyStoredTotp(secretEnc: string | null | undefined, code: string): boolean {
  return !!secretEnc && verifyTotp(decryptSecret(secretEnc), code);
}

/** The current code for a secret (tests and the demo seed use it). */
export function currentTotp(secret: string): string {
  return authenticator.generate(secret);
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
