import type { Transaction } from 'sequelize';
import { WhmcsImportMap } from '../models/index.js';

export type WhmcsEntity = 'client' | 'product' | 'addon' | 'service' | 'service_addon' | 'department' | 'ticket';

/** The local id a WHMCS record was imported as, or null. */
export async function localIdOf(entity: WhmcsEntity, whmcsId: number, transaction?: Transaction): Promise<number | null> {
  const row = await WhmcsImportMap.findOne({ where: { entity, whmcsId }, attributes: ['localId'], transaction });
  return row?.localId ?? null;
}

/** Records that `whmcsId` became `localId`; UNIQUE(entity, whmcs_id) makes a second import of the same record fail. */
export async function rememberImport(entity: WhmcsEntity, whmcsId: number, localId: number, transaction: Transaction): Promise<void> {
  await WhmcsImportMap.create({ entity, whmcsId, localId }, { transaction });
}
