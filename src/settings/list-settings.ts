import { Setting } from '../models/setting.js';
import { decodeSetting, maskSecret } from './codec.js';
import { SETTINGS, settingDefinition, type SettingGroup, type SettingKey } from './definitions.js';
import type { SettingType } from '../models/enums.js';

export interface SettingListing {
  key: SettingKey;
  group: SettingGroup;
  type: SettingType;
  description: string;
  secret: boolean;
  /** The current value; for secrets a mask (`[secret:ab12cd34]`) or null when none is set. */
  value: unknown;
  /** False while the default (or environment) value is in use. */
  stored: boolean;
  updatedAt: Date | null;
  updatedBy: number | null;
}

/** Every setting with its current value (secrets masked), in definition order, for the back office. */
export async function listSettings(): Promise<SettingListing[]> {
  const rows = new Map((await Setting.findAll()).map((r) => [r.key, r]));
  return (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
    const def = settingDefinition(key);
    const row = rows.get(key);
    let value: unknown = def.default();
    let stored = false;
    if (row) {
      try {
        const parsed = def.schema.safeParse(decodeSetting(def, row.value, row.encrypted));
        if (parsed.success) {
          value = parsed.data;
          stored = true;
        }
      } catch {
        // An unreadable row shows the default, as getSetting uses it.
      }
    }
    return {
      key,
      group: def.group,
      type: def.type,
      description: def.description,
      secret: def.secret,
      value: def.secret ? maskSecret(value) : value,
      stored,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });
}
