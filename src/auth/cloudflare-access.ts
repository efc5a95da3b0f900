import crypto, { type JsonWebKey, type KeyObject } from 'node:crypto';
import { config } from '../../config/index.js';
import { logger } from '../lib/logger.js';

// NOTE: Cloudflare Access puts a signed JWT (RS256) in the Cf-Access-Jwt-Assertion header of every
// request it lets through. Its signing keys are published at <team>/cdn-cgi/access/certs and rotate,
// so they are cached for ten minutes and fetched again (at most once a minute) for an unknown key id.

export const ACCESS_JWT_HEADER = 'cf-access-jwt-assertion';

const KEYS_TTL_MS = 10 * 60_000;
const REFETCH_GAP_MS = 60_000;
const LEEWAY_S = 60;

interface KeySet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

let cached: { base: string; set: KeySet } | null = null;

/** The team's origin: `https://<team domain>`, or the configured value when it already names a scheme. */
function teamOrigin(teamDomain: string): string {
  return (/^https?:\/\//.test(teamDomain) ? teamDomain : `https://${teamDomain}`).replace(/\/+$/, '');
}

/** Whether a verified Access JWT may stand in for the staff password (both settings present). */
export function accessConfigured(): boolean {
  const { teamDomain, aud } = config().cfAccess;
  return Boolean(teamDomain && aud);
}

async function fetchKeys(origin: string): Promise<KeySet> {
  const res = await fetch(`${origin}/cdn-cgi/access/certs`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`Cloudflare Access certs answered ${res.status}`);
  const body = (await res.json()) as { keys?: Array<JsonWebKey & { kid?: string }> };
  const keys = new Map<string, KeyObject>();
  for (const jwk of body.keys ?? []) {
    if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
    keys.set(jwk.kid, crypto.createPublicKey({ key: jwk, format: 'jwk' }));
  }
  return { keys, fetchedAt: Date.now() };
}

async function keyFor(origin: string, kid: string): Promise<KeyObject | null> {
  const fresh = cached?.base === origin && Date.now() - cached.set.fetchedAt < KEYS_TTL_MS;
  const known = fresh ? cached!.set.keys.get(kid) : undefined;
  if (known) return known;
  if (fresh && Date.now() - cached!.set.fetchedAt < REFETCH_GAP_MS) return null;
  cached = { base: origin, set: await fetchKeys(origin) };
  return cached.set.keys.get(kid) ?? null;
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The email of a valid Access JWT: RS256 signed by one of the team's current keys, for this
 * application (aud), issued by the team, within its validity window. Null for anything else,
 * including when Access is not configured or its keys cannot be fetched.
 */
export async function verifyAccessJwt(token: string, now: Date): Promise<{ email: string } | null> {
  const { teamDomain, aud } = config().cfAccess;
  if (!teamDomain || !aud || token.length > 8_192) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  if (!header || !claims || header.alg !== 'RS256' || typeof header.kid !== 'string') return null;

  const origin = teamOrigin(teamDomain);
  let key: KeyObject | null;
  try {
    key = await keyFor(origin, header.kid);
  } catch (err) {
    logger().warn({ err: err instanceof Error ? err.message : String(err) }, 'Cloudflare Access keys could not be fetched');
    return null;
  }
  if (!key) return null;
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  if (!crypto.verify('RSA-SHA256', signed, key, Buffer.from(signaturePart, 'base64url'))) return null;

  const seconds = Math.floor(now.getTime() / 1000);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(aud)) return null;
  if (claims.iss !== origin) return null;
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_S < seconds) return null;
  if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > seconds) return null;
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return null;
  return { email: claims.email.trim().toLowerCase() };
}

/** Forgets the cached keys (tests that rotate them). */
export function forgetAccessKeys(): void {
  cached = null;
}
