import { derivedSecret, safeEqual } from '../../lib/crypto.js';

/** Header the mail provider (or MTA script) sends with POST /webhooks/inbound-email. */
export const INBOUND_SECRET_HEADER = 'x-inbound-secret';

/** The shared secret of the inbound-email webhook: derived from APP_KEY (print it with `npm run cli -- mail:inbound-secret`). */
export function inboundEmailSecret(): string {
  return derivedSecret('inbound-email');
}

/** Constant-time check of a presented secret. */
export function isInboundSecret(presented: string | undefined, expected: string = inboundEmailSecret()): boolean {
  return typeof presented === 'string' && presented.length > 0 && safeEqual(presented, expected);
}
