import type { Transaction } from 'sequelize';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { WhmcsImportMap } from '../models/index.js';
import type { ImportReport } from './report.js';
import { allRows, type WhmcsRow, type WhmcsSource } from './source.js';
import { int } from './values.js';

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

/** How one WHMCS row is imported: why it is left out, or the write that imports it (answering the local id). */
export type ImportStep = string | ((transaction: Transaction) => Promise<number>);

/**
 * Imports each row of `table` once as `entity`: a row mapped before counts as already imported; `plan` answers why a
 * row is left out, or the write that imports it, run in one transaction with its map row (a second import of the same
 * row at once loses on the map's UNIQUE index and counts as already imported).
 */
export async function importEach(
  source: WhmcsSource,
  table: string,
  entity: WhmcsEntity,
  report: ImportReport,
  ctx: Ctx,
  plan: (row: WhmcsRow, whmcsId: number) => Promise<ImportStep>,
): Promise<void> {
  for await (const row of allRows(source, table)) {
    const whmcsId = int(row, 'id');
    if (await localIdOf(entity, whmcsId)) {
      report.already(entity);
      continue;
    }
    const step = await plan(row, whmcsId);
    if (typeof step === 'string') {
      report.problem(entity, whmcsId, step);
      continue;
    }
    try {
      await inTransaction(ctx, async (transaction) => rememberImport(entity, whmcsId, await step(transaction), transaction));
      report.imported(entity);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      report.already(entity);
    }
  }
}
