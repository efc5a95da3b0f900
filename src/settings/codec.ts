import { decryptSecret, encryptSecret, sign } from '../lib/crypto.js';
import type { SettingDefinition } from './definitions.js';

/** The text stored in settings.value: typed serialisation, then encryption for secrets. */
export function encodeSetting(def: SettingDefinition<unknown>, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let text: string;
  switch (def.type) {
    case 'int':
    case 'bool':
      text = String(value);
      break;
    case 'json':
      text = JSON.stringify(value);
      break;
    default:
      text = String(value);
  }
  return def.secret ? encryptSecret(text) : text;
}

/** The typed value of a stored row (not yet validated against the schema). */
export function decodeSetting(def: SettingDefinition<unknown>, stored: string | null, encrypted: boolean): unknown {
  if (stored === null) return null;
  const text = encrypted ? decryptSecret(stored) : stored;
  switch (def.type) {
    case 'int':
      return /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'json':
      return JSON.parse(text) as unknown;
    default:
      return text;
  }
}

/** What the audit log and listings show for a secret: whether it is set and a keyed fingerprint that changes with it. */
export function maskSecret(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return `[secret:${sign('settings-audit', JSON.stringify(value)).slice(0, 8)}]`;
}

/**
 * Parses form input (text) into the setting's type, for back-office edges:
 * int -> number, bool -> true/false ('on', '1', 'yes' too), json -> JSON, '' -> null for nullable strings.
 */
export function parseSettingInput(def: SettingDefinition<unknown>, raw: string): unknown {
  const text = raw.trim();
  switch (def.type) {
    case 'int':
      return text === '' ? null : Number(text);
    case 'bool':
      return ['true', 'on', '1', 'yes'].includes(text.toLowerCase());
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return raw;
      }
    default:
      return text === '' && def.schema.safeParse(null).success ? null : text;
  }
}
