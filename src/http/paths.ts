/** Path helpers shared by the HTTP middleware. */

/** True when `path` is `prefix` itself or below it (`/api` matches `/api/v1`, not `/apiary`). */
export function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/** True when `path` is under any of `prefixes`. */
export function underAny(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => under(path, p));
}

/** Surfaces that authenticate without our session cookie, and whose paths skip sessions and CSRF. */
export const SESSIONLESS_PREFIXES = ['/webhooks', '/api', '/admin', '/assets', '/healthz'] as const;
