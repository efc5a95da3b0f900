import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, forUpdate } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { NotFoundError, ValidationError } from '../lib/errors.js';
import { Setting } from '../models/setting.js';
import { encodeSetting, maskSecret } from './codec.js';
import { isSettingKey, settingDefinition, type SettingKey, type SettingValue } from './definitions.js';
import { clearSettingsCache, getSetting } from './get-setting.js';

/** Validates, encrypts (secrets) and stores a setting, auditing the change with secrets masked. */
export async function setSetting<K extends SettingKey>(key: K, value: SettingValue<K>, ctx: Ctx): Promise<void> {
  if (!isSettingKey(key)) throw new NotFoundError('setting_not_found', `Unknown setting "${String(key)}"`);
  const def = settingDefinition(key);
  const parsed = def.schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError('setting_invalid', `${key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, {
      key,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  const shown = (v: unknown) => (def.secret ? maskSecret(v) : v);
  await inTransaction(ctx, async (t) => {
    const before = await getSetting(key, { transaction: t });
    const row = await Setting.findByPk(key, forUpdate(t));
    const fields = { value: encodeSetting(def, parsed.data), type: def.type, encrypted: def.secret, updatedBy: ctx.actor.userId };
    if (row) await row.update(fields, { transaction: t });
    else await Setting.create({ key, ...fields }, { transaction: t });
    await recordAudit(
      { action: 'setting.updated', entityType: 'setting', entityId: key, before: { value: shown(before) }, after: { value: shown(parsed.data) } },
      withTx(ctx, t),
    );
    t.afterCommit(() => clearSettingsCache(key));
  });
  clearSettingsCache(key);
}
