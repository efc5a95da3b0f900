import { recordAudit } from '../audit/record-audit.js';
import { withJobLock } from '../db/locks.js';
import type { Ctx } from '../lib/context.js';
import { ConflictError } from '../lib/errors.js';
import { importAddons, importServiceAddons } from './import-addons.js';
import { importClients, loadCurrencies } from './import-clients.js';
import { importProducts } from './import-products.js';
import { importServices } from './import-services.js';
import { importDepartments, importTickets } from './import-tickets.js';
import { ImportReport } from './report.js';
import type { WhmcsSource } from './source.js';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Imports a WHMCS installation: clients (with their sign-in), products (as hidden plans with prices), add-ons (with
 * prices and the plans that offer them), services (as subscriptions with their services) and their live add-ons,
 * support departments and tickets with their conversations.
 * Safe to run again: every record is mapped once (whmcs_import_map), so a second run imports only what is new, and two
 * runs at once are refused.
 */
export async function importWhmcs(source: WhmcsSource, ctx: Ctx): Promise<ImportReport> {
  const outcome = await withJobLock('whmcs:import', SIX_HOURS, async () => {
    const report = new ImportReport();
    const currencies = await loadCurrencies(source);
    await importClients(source, currencies, report, ctx);
    await importProducts(source, currencies, report, ctx);
    await importAddons(source, currencies, report, ctx);
    await importServices(source, report, ctx);
    await importServiceAddons(source, report, ctx);
    await importDepartments(source, report, ctx);
    await importTickets(source, report, ctx);
    await recordAudit({ action: 'whmcs.imported', entityType: 'whmcs_import', entityId: null, before: null, after: { counts: report.counts, leftOut: report.problems.length } }, ctx);
    return report;
  });
  if (!outcome.acquired) throw new ConflictError('import_running', 'Another WHMCS import is running; try again when it has finished.');
  return outcome.result;
}
