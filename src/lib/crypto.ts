import crypto from 'node:crypto';
import { config } from '../../config/index.js';

/** AES-256-GCM under APP_KEY. Stored form: "v1:" + base64(iv | tag | ciphertext). */
const VERSION = 'v1:';

function subKey(purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', config().appKey, Buffer.alloc(0), `ezscale:${purpose}`, 32));
}

let encKey: Buffer | undefined;
function encryptionKey(): Buffer {
  encKey ??= subKey('secrets-at-rest');
  return encKey;
}

/** Encrypts a secret for storage. */
export function encryptSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Decrypts a value written by encryptSecret; throws when it was tampered with or the key differs. */
export function decryptSecret(stored: string): string {
  if (!stored.startsWith(VERSION)) throw new Error('Unknown secret format');
  const raw = Buffer.from(stored.slice(VERSION.length), 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', encryptionKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** A derived secret for signing (sessions, CSRF, reply-to tokens), stable for one APP_KEY. */
export function derivedSecret(purpose: string): string {
  return subKey(purpose).toString('hex');
}

/** SHA-256 hex digest, for storing tokens we only ever compare. */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** A URL-safe random token of `bytes` entropy. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** HMAC-SHA256 (base64url) keyed by a derived secret. */
export function sign(purpose: string, value: string): string {
  return crypto.createHmac('sha256', subKey(purpose)).update(value).digest('base64url');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
