import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { migrateDown, migrateUp, migrator } from '../db/migrator.js';
import { closeDatabase } from '../db/sequelize.js';
import { jobs } from '../jobs/index.js';
import { runJob } from '../jobs/runner.js';
import { clock } from '../lib/clock.js';
import { initModels } from '../models/index.js';
import { extraCommands } from './commands.js';

function parseDate(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`not a date: ${value}`);
  return d;
}

/** The command-line interface: migrations, seeds, every job by hand, imports and benchmarks. */
export function buildCli(): Command {
  const program = new Command('ezscale')
    .description('EZSCALE platform commands (run with `npm run cli -- <command>`)')
    .showHelpAfterError()
    .hook('preAction', () => {
      initModels();
    });

  program
    .command('migrate')
    .description('Apply every pending database migration')
    .action(async () => {
      const applied = await migrateUp();
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    });

  program
    .command('migrate:down')
    .description('Revert migrations (the last one by default)')
    .option('--to <name>', 'revert down to this migration (exclusive); "0" reverts all')
    .action(async (opts: { to?: string }) => {
      const reverted = opts.to === undefined ? (await migrator().down()).map((m) => m.name) : await migrateDown(opts.to === '0' ? 0 : opts.to);
      console.log(reverted.length ? `Reverted: ${reverted.join(', ')}` : 'Nothing to revert.');
    });

  program
    .command('migrate:status')
    .description('List applied and pending migrations')
    .action(async () => {
      const m = migrator();
      for (const x of await m.executed()) console.log(`  applied  ${x.name}`);
      for (const x of await m.pending()) console.log(`  pending  ${x.name}`);
    });

  program
    .command('jobs')
    .description('List the scheduled jobs and their schedules (UTC)')
    .action(() => {
      for (const j of jobs) console.log(`  ${j.name.padEnd(24)} ${j.schedule.padEnd(16)} ${j.description}`);
    });

  for (const job of jobs) {
    program
      .command(job.name)
      .description(`Run the job now: ${job.description}`)
      .option('--at <iso-date>', 'run as if the time were this instant (UTC)', parseDate)
      .action(async (opts: { at?: Date }) => {
        if (opts.at) clock.set(opts.at);
        const result = await runJob(job, { now: opts.at });
        console.log(JSON.stringify(result));
        if (result.failed > 0) process.exitCode = 1;
      });
  }

  for (const add of extraCommands) add(program);
  return program;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    })
    .finally(() => closeDatabase());
}
