import { performance } from 'node:perf_hooks';
import type { Transaction } from 'sequelize';
import { logger } from '../lib/logger.js';
import { Setting } from '../models/setting.js';
import { decodeSetting } from './codec.js';
import { settingDefinition, type SettingKey, type SettingValue } from './definitions.js';

/** Stored values stay cached this long per process; another process's change is seen within it. */
const CACHE_MS = 10_000;
// NOTE: the cache runs on the monotonic timer, not clock.now(): it is not business time, and a frozen test clock must not pin it.
const cache = new Map<string, { stored: { value: unknown } | null; at: number }>();

/** Forgets cached values (after a write, seeding, or in tests). */
export function clearSettingsCache(key?: SettingKey): void {
  if (key) cache.delete(key);
  else cache.clear();
}

async function readStored(key: SettingKey, transaction?: Transaction): Promise<{ value: unknown } | null> {
  const hit = transaction ? undefined : cache.get(key);
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.stored;
  const row = await Setting.findByPk(key, { transaction });
  const def = settingDefinition(key);
  let stored: { value: unknown } | null = null;
  if (row) {
    try {
      const value = decodeSetting(def, row.value, row.encrypted);
      const parsed = def.schema.safeParse(value);
      if (parsed.success) stored = { value: parsed.data };
      else logger().warn({ setting: key, issues: parsed.error.issues }, 'stored setting is invalid; using its default');
    } catch (err) {
      logger().warn({ err, setting: key }, 'stored setting cannot be read (key changed?); using its default');
    }
  }
  if (!transaction) cache.set(key, { stored, at: performance.now() });
  return stored;
}

/** The current value of a setting: the stored one, else its default (which may come from the environment). */
export async function getSetting<K extends SettingKey>(key: K, opts: { transaction?: Transaction } = {}): Promise<SettingValue<K>> {
  const stored = await readStored(key, opts.transaction);
  return (stored ? stored.value : settingDefinition(key).default()) as SettingValue<K>;
}

/** True when a value is stored (the default is not in use). */
export async function isSettingStored(key: SettingKey, opts: { transaction?: Transaction } = {}): Promise<boolean> {
  return (await readStored(key, opts.transaction)) !== null;
}
