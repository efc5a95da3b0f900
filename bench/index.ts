import type { Command } from 'commander';

/** A benchmark: runs on its own scratch data, prints its figures and returns whether it met its target. */
export interface Bench {
  name: string;
  description: string;
  run(size?: number): Promise<{ ok: boolean }>;
}

export const benches: Bench[] = [
  {
    name: 'renewals',
    description: 'billing:renew over 100,000 due subscriptions against a raw multi-row INSERT of the same rows (target >= 1,500/s, ratio >= 0.25; use MariaDB)',
    run: async (size) => (await import('./renewals.js')).benchRenewals({ subscriptions: size }),
  },
  {
    name: 'provisioning',
    description: '1,000 paid orders provisioned through the panel fakes (20 ms latency): under 60 s, no duplicates',
    run: async (size) => (await import('./provisioning.js')).benchProvisioning({ orders: size }),
  },
  {
    name: 'dunning',
    description: 'dunning:run over 20,000 due renewal charges against fake Stripe (50 ms latency): >= 200 charges/s, no duplicate charge (scratch db: BENCH_DATABASE_URL)',
    run: async (size) => (await import('./dunning.js')).benchDunning({ charges: size }),
  },
  {
    name: 'portal',
    description: 'the dashboard of a customer with 50 services and 500 invoices, 50 connections (autocannon), against bare Express (target p95 < 100 ms)',
    run: async (size) => (await import('./portal.js')).benchPortal({ services: size }),
  },
  {
    name: 'site',
    description: '/ and /pricing at 100 connections (autocannon) against bare Express (target >= 2,000 req/s and p95 < 50 ms each; --size = seconds per run)',
    run: async (size) => (await import('./site.js')).benchSite({ seconds: size }),
  },
  {
    name: 'admin',
    description: 'dashboard data and an invoices list page over 100,000 subscriptions / 2,000,000 invoices (< 300 ms each), CSV export of 1,000,000 invoices (< 30 s, peak RSS < 256 MB); --size = invoices',
    run: async (size) => (await import('./admin.js')).benchAdmin({ size }),
  },
];

/** `bench [name] [--size N]`: every benchmark, or one; exit code 1 when a target is missed. */
export function benchCommand(program: Command): void {
  program
    .command('bench')
    .description(`Run benchmarks (${benches.map((b) => b.name).join(', ')}); each prints its figures and its same-run baseline`)
    .argument('[name]', 'only this benchmark')
    .option('--size <n>', 'override the benchmark size (orders, subscriptions, charges...)', (v) => Number.parseInt(v, 10))
    .action(async (name: string | undefined, opts: { size?: number }) => {
      const chosen = name ? benches.filter((b) => b.name === name) : benches;
      if (!chosen.length) throw new Error(`Unknown benchmark "${name}". Known: ${benches.map((b) => b.name).join(', ')}`);
      let failed = 0;
      for (const b of chosen) {
        console.log(`\n== ${b.name}: ${b.description}`);
        const result = await b.run(opts.size);
        if (!result.ok) failed++;
      }
      if (failed) process.exitCode = 1;
    });
}
