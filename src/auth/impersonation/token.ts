import { randomToken, safeEqual, sign } from '../../lib/crypto.js';
import { ValidationError } from '../../lib/errors.js';

/**
 * The hand-over from the back office to the portal: a signed (HMAC under APP_KEY), short-lived token
 * naming the staff member, the customer and the audit row of the start. It is spent once
 * (openImpersonation claims its nonce), so a copied link is worthless after the first use.
 */

/** Staff roles that may view the portal as a customer. */
export const IMPERSONATOR_ROLES = ['admin', 'support'] as const;

/** How long a hand-over token stays valid. */
export const IMPERSONATION_TOKEN_TTL_MS = 60_000;

export interface ImpersonationClaims {
  /** audit_logs.id of `customer.impersonation_started`. */
  auditId: number;
  staffId: number;
  customerId: number;
  /** users.id of the customer's account. */
  userId: number;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
  nonce: string;
}

const PURPOSE = 'impersonation-token';

export function invalidImpersonationToken(): ValidationError {
  return new ValidationError('impersonation_token_invalid', 'This impersonation link is invalid or has already been used. Start again from the back office.');
}

/** A token for `claims` (a fresh nonce, valid IMPERSONATION_TOKEN_TTL_MS from `now`). */
export function signImpersonationToken(claims: Omit<ImpersonationClaims, 'expiresAt' | 'nonce'>, now: Date): string {
  const full: ImpersonationClaims = { ...claims, expiresAt: now.getTime() + IMPERSONATION_TOKEN_TTL_MS, nonce: randomToken(18) };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `${body}.${sign(PURPOSE, body)}`;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** The claims of a well-signed token (expiry not checked here); throws `impersonation_token_invalid`. */
export function readImpersonationToken(token: unknown): ImpersonationClaims {
  if (typeof token !== 'string' || token.length > 1000) throw invalidImpersonationToken();
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || !safeEqual(mac, sign(PURPOSE, body))) throw invalidImpersonationToken();
  let claims: Partial<ImpersonationClaims>;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<ImpersonationClaims>;
  } catch {
    throw invalidImpersonationToken();
  }
  const { auditId, staffId, customerId, userId, expiresAt, nonce } = claims;
  if (!isId(auditId) || !isId(staffId) || !isId(customerId) || !isId(userId) || typeof expiresAt !== 'number' || typeof nonce !== 'string' || !nonce) {
    throw invalidImpersonationToken();
  }
  return { auditId, staffId, customerId, userId, expiresAt, nonce };
}
