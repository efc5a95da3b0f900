// Dunning benchmark: N renewal invoices due at once, each with a saved card, charged by the
// `dunning:run` job (batched claims and reads, 64 concurrent Stripe calls, the succeeded charges recorded
// many per transaction; the receipt is one outbox event per charge, mailed later by `outbox:deliver`)
// against the fake Stripe answering every call after 50 ms; the baseline is a sample of the same work
// charged one at a time, in the same run. The ceiling is what the gateway calls alone allow (64 / 50 ms).
// It runs in a child process on a scratch database (a temporary SQLite file unless
// BENCH_DATABASE_URL names one), so it never touches the configured database.
import fs from 'node:fs';
import os from 'node:os';
import { isScript, runBenchChild, runScript } from './support.js';

/** What the benchmark reports. */
export interface DunningBenchResult {
  name: 'dunning';
  charges: number;
  concurrency: number;
  latencyMs: number;
  elapsedMs: number;
  chargesPerSecond: number;
  /** concurrency / latency: the rate the gateway calls alone would allow. */
  ceilingPerSecond: number;
  /** The machine's 1-minute load average at the end of the run (the benchmark shares the CPU). */
  loadAverage: number;
  baseline: { charges: number; elapsedMs: number; chargesPerSecond: number };
  /** chargesPerSecond / baseline.chargesPerSecond. */
  ratio: number;
  /** Invoices not paid at the end (0 expected). */
  unpaid: number;
  /** PaymentIntents and ledger payments beyond one per invoice (0 expected). */
  duplicates: number;
  /** `payment.received` events queued for `outbox:deliver` (one per charge expected; no mail is rendered in the charge). */
  receipts: number;
  /** >= 200 charges/s, every invoice paid, no duplicate, one receipt event per charge. */
  ok: boolean;
}

const TARGET_PER_SECOND = 200;

/** Runs the dunning benchmark in a child process on a scratch database and prints charges/s and duplicates. */
export async function benchDunning(opts: { charges?: number; databaseUrl?: string; print?: boolean } = {}): Promise<DunningBenchResult> {
  const charges = Math.max(1, Math.floor(opts.charges ?? 20_000));
  const result = await runBenchChild<DunningBenchResult>({ name: 'dunning', moduleUrl: import.meta.url, arg: String(charges), databaseUrl: opts.databaseUrl });
  if (opts.print !== false) printResult(result);
  return result;
}

function printResult(r: DunningBenchResult): void {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`dunning: ${r.charges} due renewal charges against fake Stripe (${r.latencyMs} ms per call), concurrency ${r.concurrency}`);
  console.log(`  elapsed        ${s(r.elapsedMs)}`);
  console.log(`  charges/s      ${r.chargesPerSecond.toFixed(1)} (target ${TARGET_PER_SECOND}; ceiling ${r.ceilingPerSecond} = ${r.concurrency} calls at once / ${r.latencyMs} ms)`);
  console.log(`  load average   ${r.loadAverage.toFixed(2)} (1 min, ${os.cpus().length} CPUs)`);
  console.log(`  baseline       ${r.baseline.charges} charges one at a time: ${s(r.baseline.elapsedMs)}, ${r.baseline.chargesPerSecond.toFixed(1)} charges/s`);
  console.log(`  ratio          x${r.ratio.toFixed(1)} against the baseline`);
  console.log(`  unpaid         ${r.unpaid}`);
  console.log(`  duplicates     ${r.duplicates}`);
  console.log(`  receipts       ${r.receipts} payment.received events queued for outbox:deliver`);
  console.log(`  ${r.ok ? 'OK' : 'FAILED'}`);
}

/** The measured part, in the child: scratch schema, fake Stripe, customers with cards, due invoices, baseline, job run, checks. */
async function runInChild(charges: number): Promise<DunningBenchResult> {
  const { loadConfig, setConfig, config } = await import('../config/index.js');
  const { sequelize, closeDatabase } = await import('../src/db/sequelize.js');
  const { migrateUp } = await import('../src/db/migrator.js');
  const { initModels, Customer, Invoice, PaymentMethod, User } = await import('../src/models/index.js');
  const { runJob } = await import('../src/jobs/runner.js');
  const { dunningRunJob } = await import('../src/jobs/dunning-run.js');
  const { runDunning } = await import('../src/payments/dunning/run-dunning.js');
  const { clock } = await import('../src/lib/clock.js');
  const { systemCtx } = await import('../src/lib/context.js');
  const { logger } = await import('../src/lib/logger.js');
  const { startFakeStripe } = await import('../test/fakes/stripe/server.js');

  const latencyMs = 50;
  const { getSetting } = await import('../src/settings/index.js');
  const baselineCharges = Math.min(100, Math.max(4, Math.floor(charges / 100)));
  const total = charges + baselineCharges;
  const stripe = await startFakeStripe();
  setConfig(loadConfig({ ...process.env, STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url }));
  const db = config().database;
  if (db.dialect === 'sqlite' && db.storage) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.storage + suffix, { force: true });
  else await sequelize().getQueryInterface().dropAllTables();
  initModels();
  await migrateUp();

  // Customers at Stripe (created through the API, 64 at a time) with a saved card each.
  const due = new Date(Date.now() - 3_600_000);
  const stripeIds: string[] = [];
  for (let i = 0; i < total; i += 64) {
    const made = await Promise.all(Array.from({ length: Math.min(64, total - i) }, (_, k) => fetch(`${stripe.url}/v1/customers`, {
      method: 'POST', headers: { authorization: `Bearer ${stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `email=bench-${i + k}%40example.test`,
    }).then((r) => r.json() as Promise<{ id: string }>)));
    stripeIds.push(...made.map((c) => c.id));
  }
  const cards = stripeIds.map((id) => stripe.addPaymentMethod(id).id);
  const users = await User.bulkCreate(stripeIds.map((_, i) => ({ email: `bench-${i}@example.test`, firstName: 'Bench', lastName: `Customer${i}`, passwordHash: null, role: 'customer' as const })));
  const customers = await Customer.bulkCreate(users.map((u, i) => ({ userId: u.id, currency: 'USD' as const, billingCountry: 'US', stripeCustomerId: stripeIds[i] })));
  await PaymentMethod.bulkCreate(customers.map((c, i) => ({ customerId: c.id, gateway: 'stripe' as const, gatewayToken: cards[i]!, kind: 'card' as const, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2040, isDefault: true })));
  const invoices = await Invoice.bulkCreate(customers.map((c, i) => ({
    number: `BENCH-${String(i).padStart(7, '0')}`, customerId: c.id, subscriptionId: null, orderId: null, kind: 'renewal' as const, status: 'open' as const, currency: 'USD' as const,
    subtotalMinor: 1000, totalMinor: 1000, amountDueMinor: 1000, issuedAt: due, dueAt: due, seller: { name: 'EZSCALE' }, buyer: { name: `Customer ${i}` },
  })));
  clock.reset();
  stripe.latencyMs = latencyMs;
  const log = logger();

  // Baseline: the first invoices, charged one at a time (the same claim and charge path).
  const baselineIds = invoices.slice(0, baselineCharges).map((i) => i.id);
  await sequelize().query(`UPDATE invoices SET next_retry_at = :later WHERE id > ${Math.max(...baselineIds)}`, { replacements: { later: new Date(Date.now() + 86_400_000) } });
  let started = performance.now();
  await runDunning(systemCtx(), log, { concurrency: 1, batchSize: 50 });
  const baselineMs = performance.now() - started;
  await sequelize().query(`UPDATE invoices SET next_retry_at = NULL WHERE id > ${Math.max(...baselineIds)}`);

  const concurrency = await getSetting('dunning.gateway_concurrency');
  started = performance.now();
  const run = await runJob(dunningRunJob);
  const elapsedMs = performance.now() - started;

  const unpaid = await Invoice.count({ where: { status: 'open' } });
  const [dup] = await sequelize().query<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM (SELECT invoice_id FROM ledger_entries WHERE kind = 'payment' GROUP BY invoice_id HAVING COUNT(*) > 1) d",
    { type: 'SELECT' as never },
  );
  const duplicates = Number(dup?.n ?? 0) + Math.max(0, stripe.counts().paymentIntents - total);
  const [queued] = await sequelize().query<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'event' AND topic = 'payment.received'",
    { type: 'SELECT' as never },
  );
  const receipts = Number(queued?.n ?? 0);
  await stripe.close();
  await closeDatabase();

  const loadAverage = os.loadavg()[0] ?? 0;
  const chargesPerSecond = charges / (elapsedMs / 1000);
  const baselinePerSecond = baselineCharges / (baselineMs / 1000);
  return {
    name: 'dunning', charges, concurrency, latencyMs,
    elapsedMs: Math.round(elapsedMs), chargesPerSecond, ceilingPerSecond: Math.round((concurrency * 1000) / latencyMs), loadAverage,
    baseline: { charges: baselineCharges, elapsedMs: Math.round(baselineMs), chargesPerSecond: baselinePerSecond },
    ratio: chargesPerSecond / baselinePerSecond,
    unpaid, duplicates, receipts,
    ok: !run.skipped && run.failed === 0 && chargesPerSecond >= TARGET_PER_SECOND && unpaid === 0 && duplicates === 0 && receipts === total,
  };
}

if (isScript(import.meta.url)) runScript((n) => runInChild(n ?? 20_000), (n) => benchDunning({ charges: n ?? 20_000 }));
