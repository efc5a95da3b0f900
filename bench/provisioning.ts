import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

import { isScript, printResult, runBenchChild, runScript, type BenchResult } from './support.js';

/**
 * Provisioning benchmark: N paid orders (spread over VirtFusion, Pterodactyl, SynergyCP and Enhance fakes that answer
 * every call after 20 ms, in a worker thread) provisioned by one `provisioning:run` job run (20 at a time; dedicated
 * servers one at a time), against a baseline of the same work one task at a time. Runs in a child process on a
 * scratch database (a temporary SQLite file unless BENCH_DATABASE_URL names one): the configured database is never touched.
 */

export interface ProvisioningBenchResult extends BenchResult {
  dialect: string;
  orders: number;
  concurrency: number;
  latencyMs: number;
  /** Wall time of the job run that provisioned every order. */
  elapsedMs: number;
  servicesPerSecond: number;
  /** The same work one task at a time, on a smaller sample. */
  baselineOrders: number;
  baselineElapsedMs: number;
  baselineServicesPerSecond: number;
  /** servicesPerSecond / baselineServicesPerSecond. */
  ratio: number;
  /** CPU time of the whole process (our side and the fakes' thread) per service: what other processes cannot inflate. */
  cpuMsPerService: number;
  /** Main-thread busy time per service (event-loop utilisation; grows when the machine is loaded). */
  busyMsPerService: number;
  /** The machine's 1-minute load average at the end (other processes slow the wall time down). */
  loadAverage: number;
  /** Services not active at the end (0 expected). */
  notActive: number;
  /** Resources on the fakes beyond one per order (0 expected). */
  duplicates: number;
  /** Under the 60 s budget, every order active, no duplicates. */
  ok: boolean;
}

export interface BenchOptions {
  orders?: number;
  /** Scratch database (dropped and migrated); defaults to BENCH_DATABASE_URL, else a temporary SQLite file. */
  databaseUrl?: string;
  /** Print the figures (default true). */
  print?: boolean;
}

const BUDGET_MS = 60_000;

/** Runs the provisioning benchmark in a child process on a scratch database and prints elapsed time and services/s. */
export async function benchProvisioning(opts: BenchOptions = {}): Promise<ProvisioningBenchResult> {
  const orders = Math.max(1, Math.floor(opts.orders ?? 1000));
  const result = await runBenchChild<ProvisioningBenchResult>({ name: 'provisioning', moduleUrl: import.meta.url, arg: String(orders), databaseUrl: opts.databaseUrl, env: { REDIS_URL: process.env.REDIS_URL ?? '' } });
  if (opts.print !== false) printResult(result);
  return result;
}

/** The measured part, in the child: scratch schema, fakes with latency, orders, baseline run, job run, checks. */
async function runInChild(orders: number): Promise<ProvisioningBenchResult> {
  const { loadConfig, setConfig, config } = await import('../config/index.js');
  const { sequelize, closeDatabase } = await import('../src/db/sequelize.js');
  const { migrateUp } = await import('../src/db/migrator.js');
  const { initModels, Customer, Service, Subscription, User } = await import('../src/models/index.js');
  const { runJob } = await import('../src/jobs/runner.js');
  const { provisioningRunJob } = await import('../src/jobs/provisioning-run.js');
  const { processDueProvisioningTasks } = await import('../src/provisioning/orchestration/process-provisioning-tasks.js');
  const { provisionSubscription } = await import('../src/provisioning/orchestration/provision-subscription.js');
  const { systemCtx } = await import('../src/lib/context.js');
  const { logger } = await import('../src/lib/logger.js');
  const { createPlan } = await import('../test/factories/catalog.js');

  const latencyMs = 20;
  const concurrency = 20;
  const baselineOrders = Math.min(40, Math.max(4, Math.floor(orders / 25)));
  const total = orders + baselineOrders;
  const fakes = await FakePanelsThread.start(total, latencyMs);
  setConfig(loadConfig({ ...process.env, ...fakes.env }));

  const db = config().database;
  if (db.dialect === 'sqlite' && db.storage) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.storage + suffix, { force: true });
  else await sequelize().getQueryInterface().dropAllTables();
  initModels();
  await migrateUp();

  const plans = await Promise.all([
    createPlan({ type: 'vps', driver: 'virtfusion', panelConfig: { packageId: 3, hypervisorGroupId: 1, osTemplateId: 1 } }),
    createPlan({ type: 'game', driver: 'pterodactyl', panelConfig: { nestId: 1, eggId: 5, locationId: 1 } }),
    createPlan({ type: 'dedicated', driver: 'synergycp', panelConfig: { memBilling: 'MEM-32GB', ipGroupBilling: 'DAL' } }),
    createPlan({ type: 'web', driver: 'enhance', panelConfig: { planId: 1 } }),
  ]);
  const now = new Date();
  const users = await User.bulkCreate(Array.from({ length: total }, (_, i) => ({ email: `bench-${i}@example.test`, firstName: 'Bench', lastName: `Customer${i}`, passwordHash: null, role: 'customer' as const })));
  const customers = await Customer.bulkCreate(users.map((u) => ({ userId: u.id, currency: 'USD' as const, billingCountry: 'US' })));
  // NOTE: a hosting company's order mix: half VPS, a fifth game servers, a fifth web hosting, a tenth dedicated.
  const mix = [0, 1, 0, 3, 0, 1, 0, 3, 0, 2];
  const subscriptions = await Subscription.bulkCreate(customers.map((c, i) => ({
    customerId: c.id, planId: plans[mix[i % mix.length]!]!.id, status: 'active' as const, cycle: 'monthly' as const, currency: 'USD' as const,
    priceMinor: 1000, anchorDay: now.getUTCDate(), startedAt: now, currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000),
  })));
  const queue = async (subs: typeof subscriptions): Promise<void> => {
    for (const sub of subs) await provisionSubscription(sub, { reason: 'Order paid' }, systemCtx());
  };

  const log = logger();
  await queue(subscriptions.slice(0, baselineOrders));
  let started = performance.now();
  await processDueProvisioningTasks(systemCtx(), log, { concurrency: 1 });
  const baselineMs = performance.now() - started;

  await queue(subscriptions.slice(baselineOrders));
  started = performance.now();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const run = await runJob(provisioningRunJob);
  const elapsedMs = performance.now() - started;
  const busyMs = performance.eventLoopUtilization(elu).active;
  const cpuUsed = process.cpuUsage(cpu);

  const notActive = await Service.count({ where: { status: ['pending', 'provisioning', 'failed', 'waitlisted'] } });
  const references = await fakes.references();
  const duplicates = references.length - new Set(references).size + Math.max(0, references.length - total);
  await fakes.close();
  await closeDatabase();

  const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
  const servicesPerSecond = orders / (elapsedMs / 1000);
  const baselineServicesPerSecond = baselineOrders / (baselineMs / 1000);
  return {
    name: 'provisioning',
    dialect: db.dialect,
    orders,
    concurrency,
    latencyMs,
    elapsedMs: Math.round(elapsedMs),
    servicesPerSecond: round(servicesPerSecond),
    baselineOrders,
    baselineElapsedMs: Math.round(baselineMs),
    baselineServicesPerSecond: round(baselineServicesPerSecond),
    ratio: round(servicesPerSecond / baselineServicesPerSecond, 2),
    cpuMsPerService: round((cpuUsed.user + cpuUsed.system) / 1000 / orders),
    busyMsPerService: round(busyMs / orders),
    loadAverage: round(os.loadavg()[0] ?? 0, 2),
    notActive,
    duplicates,
    ok: !run.skipped && elapsedMs < BUDGET_MS && notActive === 0 && duplicates === 0 && references.length === total,
  };
}

/** The four fake panels in a worker thread, so their work does not share the measured event loop. */
class FakePanelsThread {
  private constructor(private readonly worker: Worker, readonly env: Record<string, string>) {}

  static async start(total: number, latencyMs: number): Promise<FakePanelsThread> {
    // NOTE: a worker does not inherit tsx's loader, so it registers it before importing this file.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { role: FAKES_ROLE, total, latencyMs } });
    const env = await new Promise<Record<string, string>>((resolve, reject) => {
      worker.once('message', (m: { env: Record<string, string> }) => resolve(m.env));
      worker.once('error', reject);
    });
    return new FakePanelsThread(worker, env);
  }

  /** Our reference on every resource the fakes hold (servers, assigned hardware, hosting subscriptions). */
  references(): Promise<string[]> {
    return new Promise((resolve) => {
      this.worker.once('message', (m: { references: string[] }) => resolve(m.references));
      this.worker.postMessage('references');
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}

/** Inside the worker thread: starts the fakes with latency and room for every order, then answers the bench. */
async function serveFakes(total: number, latencyMs: number): Promise<void> {
  const { startFakeVirtFusion } = await import('../test/fakes/panels/virtfusion.js');
  const { startFakePterodactyl } = await import('../test/fakes/panels/pterodactyl.js');
  const { startFakeSynergyCp } = await import('../test/fakes/panels/synergycp.js');
  const { startFakeEnhance } = await import('../test/fakes/panels/enhance.js');
  const [vf, ptero, scp, enh] = await Promise.all([startFakeVirtFusion(), startFakePterodactyl(), startFakeSynergyCp(), startFakeEnhance()]);
  for (const fake of [vf, ptero, scp, enh]) fake.latency(latencyMs);
  for (let i = 0; i < total; i++) ptero.state.allocations.push({ id: 10_000 + i, location: 1, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 30000 + (i % 20000), serverId: null });
  for (let i = 0; i < total; i++) scp.addInventory();
  const port = parentPort;
  if (!port) return;
  port.on('message', (message: string) => {
    if (message === 'references') {
      port.postMessage({
        references: [
          ...[...vf.state.servers.values()].map((s) => s.name),
          ...[...ptero.state.servers.values()].map((s) => s.external_id ?? ''),
          ...scp.assigned().map((s) => s.billing?.id ?? ''),
          ...[...enh.state.subscriptions.values()].map((s) => s.friendlyName),
        ],
      });
    } else if (message === 'close') {
      void Promise.all([vf, ptero, scp, enh].map((f) => f.close())).then(() => port.close());
    }
  });
  port.postMessage({
    env: {
      VIRTFUSION_URL: vf.url, VIRTFUSION_TOKEN: vf.token,
      PTERODACTYL_URL: ptero.url, PTERODACTYL_APP_KEY: ptero.token, PTERODACTYL_CLIENT_KEY: ptero.clientToken,
      SYNERGYCP_URL: scp.url, SYNERGYCP_KEY: scp.token,
      ENHANCE_URL: enh.url, ENHANCE_TOKEN: enh.token, ENHANCE_ORG_ID: enh.orgId,
    },
  });
}

const FAKES_ROLE = 'bench-provisioning-fakes';
const role = (workerData as { role?: string } | null)?.role;
if (!isMainThread && role === FAKES_ROLE) {
  const data = workerData as { total: number; latencyMs: number };
  void serveFakes(data.total, data.latencyMs);
} else if (isMainThread && isScript(import.meta.url)) {
  runScript((n) => runInChild(n ?? 1000), (n) => benchProvisioning({ orders: n ?? 1000 }));
}
