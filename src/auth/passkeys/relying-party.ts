import { config } from '../../../config/index.js';
import { sign } from '../../lib/crypto.js';

/** The WebAuthn relying party: its id is the host of APP_URL, and the portal's origins are accepted. */
export function relyingParty(): { rpID: string; rpName: string; origins: string[] } {
  const cfg = config();
  const app = new URL(cfg.appUrl);
  const origins = [app.origin];
  // NOTE: with ACCOUNT_HOST the portal runs on its own subdomain of the same site; the rpID (APP_URL's host) covers it.
  if (cfg.hosts.account) origins.push(`${app.protocol}//${cfg.hosts.account}`);
  return { rpID: app.hostname, rpName: cfg.appName, origins };
}

/** The WebAuthn user handle: stable per user, derived (not stored), and not the database id. */
export function userHandle(userId: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(sign('webauthn-user-handle', String(userId)), 'base64url'));
}
