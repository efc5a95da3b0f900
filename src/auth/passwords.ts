import crypto from 'node:crypto';
import argon2 from 'argon2';
import { ValidationError } from '../lib/errors.js';

/** argon2id parameters (OWASP's second recommended profile: 19 MiB, 2 passes). */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

/** Hashes a password with argon2id after checking the minimum rules. */
export async function hashPassword(plain: string): Promise<string> {
  assertAcceptablePassword(plain);
  return argon2.hash(plain, ARGON2_OPTIONS);
}

/** Throws a ValidationError naming what is wrong with a proposed password. */
export function assertAcceptablePassword(plain: string): void {
  if (typeof plain !== 'string' || plain.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError('password_too_short', `Passwords need at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (plain.length > 256) throw new ValidationError('password_too_long', 'Passwords can have at most 256 characters');
}

/** Verifies against an argon2 hash; false on mismatch or a malformed hash. */
export async function verifyPassword(hash: string | null | undefined, plain: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** True when a stored argon2 hash was made with weaker parameters than today's. */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, ARGON2_OPTIONS);
}

/**
 * Verifies a password imported from WHMCS: bcrypt ($2y$/$2a$/$2b$), or the older md5 and
 * salted md5 ("hash:salt") forms. The caller rehashes with argon2id on success.
 */
export async function verifyLegacyPassword(hash: string, algo: string | null, plain: string): Promise<boolean> {
  if (/^\$2[aby]\$/.test(hash) || algo === 'bcrypt') {
    const { default: bcrypt } = await import('bcryptjs');
    return bcrypt.compare(plain, hash.replace(/^\$2y\$/, '$2b$'));
  }
  const md5 = (v: string) => crypto.createHash('md5').update(v).digest('hex');
  const [digest, salt] = hash.split(':');
  const candidate = salt ? md5(salt + plain) : md5(plain);
  const expected = Buffer.from(digest ?? '', 'utf8');
  const actual = Buffer.from(candidate, 'utf8');
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** A fixed hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= argon2.hash(crypto.randomBytes(16).toString('hex'), ARGON2_OPTIONS);
  return dummyHash;
}

/**
 * Hashes with argon2id without the policy check: used to upgrade a legacy or weaker hash of a
 * password the user already has (an imported 8-character WHMCS password must keep working).
 */
export async function rehashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, ARGON2_OPTIONS);
}
