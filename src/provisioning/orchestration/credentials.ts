import { decryptSecret, encryptSecret } from '../../lib/crypto.js';
import type { ProvisionCredentials } from '../driver.js';

/** Encrypts login details for `services.credentials_enc` (JSON, AES-256-GCM under APP_KEY). */
export function sealCredentials(credentials: ProvisionCredentials): string {
  const clean = Object.fromEntries(Object.entries(credentials).filter(([, v]) => typeof v === 'string' && v !== ''));
  return encryptSecret(JSON.stringify(clean));
}

/** Decrypts what `sealCredentials` stored; null when nothing is stored. */
export function openCredentials(stored: string | null | undefined): ProvisionCredentials | null {
  if (!stored) return null;
  const parsed: unknown = JSON.parse(decryptSecret(stored));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as ProvisionCredentials;
}

/** True when a driver result carries anything worth storing. */
export function hasCredentials(credentials: ProvisionCredentials | null | undefined): credentials is ProvisionCredentials {
  return Boolean(credentials && Object.values(credentials).some((v) => typeof v === 'string' && v !== ''));
}
