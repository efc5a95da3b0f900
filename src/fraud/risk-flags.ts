// NOTE: Risk flags are stored on the order (`orders.risk_flags`) as short sentences staff read in the
// back office; `placeOrder` copies them into the review reason ("Risk flags: a, b"). They never hold a
// comma or a semicolon, so the reason can be taken apart again when one flag is lifted.

/** The flag that holds an order until the buyer confirms their email address. */
export const EMAIL_UNVERIFIED = 'email not verified';

const RISK_PREFIX = 'Risk flags: ';

/** A flag made safe for the review reason (no list separators). */
export function riskFlag(text: string): string {
  return text.replace(/[;,]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** The review reason without the risk flags that were lifted: null when nothing is left to review. */
export function reasonWithFlags(reason: string | null, flags: readonly string[]): string | null {
  const parts = (reason ?? '').split('; ').filter((p) => p !== '' && !p.startsWith(RISK_PREFIX));
  if (flags.length) parts.push(`${RISK_PREFIX}${flags.join(', ')}`);
  return parts.length ? parts.join('; ').slice(0, 255) : null;
}
