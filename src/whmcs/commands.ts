import type { Command } from 'commander';
import { systemCtx } from '../lib/context.js';
import { importWhmcs } from './import-whmcs.js';
import { openWhmcsSource } from './source.js';

/** `whmcs:import --source URL`: imports clients, products, add-ons, services and tickets from a WHMCS database. */
export function whmcsCommands(program: Command): void {
  program
    .command('whmcs:import')
    .description('Import clients, products, add-ons, services and tickets from a WHMCS database (safe to repeat: only new records are added)')
    .requiredOption('--source <url>', 'the WHMCS database: mysql://user:pass@host:3306/whmcs (read only is enough)')
    .action(async (opts: { source: string }) => {
      const source = openWhmcsSource(opts.source);
      try {
        const report = await importWhmcs(source, systemCtx());
        for (const line of report.lines()) console.log(line);
      } finally {
        await source.close();
      }
    });
}
