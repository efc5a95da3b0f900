// Back-office benchmark: dashboard data over S/20 subscriptions and S invoices (S = --size, default
// 2,000,000), AdminJS invoices list pages over all of them (first, last reachable, filtered by status, by a
// month, by a whole number, sorted by number), and the invoices CSV export of the last
// twelve months (S/2 rows) with its peak RSS. Data is built with multi-row INSERTs on a scratch
// database (a temporary SQLite file unless BENCH_DATABASE_URL names one); each measured part runs in
// a fresh child process so its memory is its own. Targets: dashboard and list < 300 ms, export < 30 s
// and < 256 MB. The baseline is `SELECT COUNT(*) FROM invoices`, timed in the same run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const PREFIX = 'BENCH_RESULT ';
const TARGET = { dashboardMs: 300, listMs: 300, exportMs: 30_000, exportRssMb: 256 };
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STAFF_PASSWORD = 'bench staff password 1';
/** One instant for every child process (the parent's start), so the build and the export agree on the last twelve months. */
const NOW = new Date(process.env.BENCH_NOW ?? Date.now());

type Part = 'build' | 'measure' | 'export';

function runChild(part: Part, size: number, databaseUrl: string): Promise<Record<string, number | string>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', part, String(size)], {
      cwd: root,
      env: { ...process.env, BENCH_NOW: NOW.toISOString(), NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: '', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ADMIN_JS_SKIP_BUNDLE: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(PREFIX));
      if (code !== 0 || !line) return reject(new Error(`admin benchmark (${part}) failed (exit ${code})\n${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice(PREFIX.length)) as Record<string, number | string>);
    });
  });
}

/** Builds the data, then measures the dashboard, a list page and the CSV export; prints figures against the targets. */
export async function benchAdmin(opts: { size?: number } = {}): Promise<{ ok: boolean }> {
  const size = Math.max(2000, Math.floor(opts.size ?? 2_000_000));
  const tmpFile = path.join(os.tmpdir(), `ezscale-bench-admin-${process.pid}-${Date.now()}.sqlite`);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${tmpFile}`;
  try {
    const build = await runChild('build', size, databaseUrl);
    const measure = await runChild('measure', size, databaseUrl);
    const exported = await runChild('export', size, databaseUrl);
    const lists = ['listMs', 'listLastPageMs', 'listFilteredMs', 'listRangeMs', 'listNumberMs', 'listSortedMs'];
    const ok =
      Number(measure.dashboardMs) < TARGET.dashboardMs &&
      lists.every((key) => Number(measure[key]) < TARGET.listMs) &&
      Number(exported.exportMs) < TARGET.exportMs &&
      Number(exported.peakRssMb) < TARGET.exportRssMb &&
      Number(exported.rows) === Number(build.exportRows);
    const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);
    console.log(`admin: ${build.subscriptions} subscriptions, ${build.invoices} invoices, ${build.payments} payments on ${build.dialect} (built in ${(Number(build.buildMs) / 1000).toFixed(1)} s)`);
    line('baseline COUNT(*) invoices', `${measure.baselineMs} ms`);
    line('analytics:snapshot job', `${measure.snapshotMs} ms`);
    line('dashboard data (median of 5)', `${measure.dashboardMs} ms (target < ${TARGET.dashboardMs}, x${(Number(measure.dashboardMs) / Number(measure.baselineMs)).toFixed(1)} baseline)`);
    line('invoices list page 1 (median of 5)', `${measure.listMs} ms (target < ${TARGET.listMs})`);
    line('invoices list last page (median of 5)', `${measure.listLastPageMs} ms (target < ${TARGET.listMs}; the count stops at 10,001)`);
    line('invoices list status=open (median)', `${measure.listFilteredMs} ms (target < ${TARGET.listMs})`);
    line('invoices list issued in one month', `${measure.listRangeMs} ms (target < ${TARGET.listMs})`);
    line('invoices list by whole number', `${measure.listNumberMs} ms (target < ${TARGET.listMs})`);
    line('invoices list sorted by number, p.3', `${measure.listSortedMs} ms (target < ${TARGET.listMs})`);
    line('invoices CSV export', `${exported.rows} rows, ${(Number(exported.bytes) / 1e6).toFixed(1)} MB in ${(Number(exported.exportMs) / 1000).toFixed(2)} s (target < ${TARGET.exportMs / 1000} s)`);
    line('export peak RSS', `${exported.peakRssMb} MB (target < ${TARGET.exportRssMb}; process at start ${exported.startRssMb} MB)`);
    console.log(`  ${ok ? 'OK' : 'FAILED'}`);
    return { ok };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(tmpFile + suffix, { force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timedMedian(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

/** Fresh schema and the rows, inserted in multi-row INSERT batches. */
async function build(size: number): Promise<Record<string, number | string>> {
  const started = performance.now();
  const { config } = await import('../config/index.js');
  const { sequelize, closeDatabase } = await import('../src/db/sequelize.js');
  const { migrateUp } = await import('../src/db/migrator.js');
  const { initModels } = await import('../src/models/index.js');
  const { hashPassword } = await import('../src/auth/passwords.js');
  const { encryptSecret } = await import('../src/lib/crypto.js');
  const db = config().database;
  if (db.dialect === 'sqlite' && db.storage) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.storage + suffix, { force: true });
  else await sequelize().getQueryInterface().dropAllTables();
  initModels();
  await migrateUp();
  const sqlite = sequelize().getDialect() === 'sqlite';
  const at = (d: Date): string => (sqlite ? `'${d.toISOString().replace('T', ' ').replace('Z', ' +00:00')}'` : `'${d.toISOString().slice(0, 19).replace('T', ' ')}'`);
  const stamp = at(NOW);
  // Multi-row INSERTs of 2,000 rows, 100,000 rows a transaction (one commit, not one per statement); MariaDB
  // skips foreign-key and unique checks for the session (the generated rows are consistent by construction).
  async function insert(table: string, columns: string, count: number, row: (i: number) => string): Promise<void> {
    const batch = 2000;
    const perTransaction = 100_000;
    for (let from = 0; from < count; from += perTransaction) {
      await sequelize().transaction(async (transaction) => {
        // NOTE: SQLite opens a handle per transaction; a 256 MB page cache keeps the index pages being filled in memory.
        if (sqlite) await sequelize().query('PRAGMA cache_size = -262144', { transaction });
        else await sequelize().query('SET SESSION foreign_key_checks = 0, unique_checks = 0', { transaction });
        for (let i = from; i < Math.min(count, from + perTransaction); i += batch) {
          const values: string[] = [];
          for (let k = i; k < Math.min(count, i + batch, from + perTransaction); k++) values.push(`(${row(k)})`);
          await sequelize().query(`INSERT INTO ${table} (${columns}) VALUES ${values.join(',')}`, { transaction });
        }
        if (!sqlite) await sequelize().query('SET SESSION foreign_key_checks = 1, unique_checks = 1', { transaction });
      });
    }
  }
  const subscriptions = Math.max(100, Math.floor(size / 20));
  const customers = Math.max(50, Math.floor(subscriptions / 2));
  const DAY = 86_400_000;
  const span = 730;
  const currencies = ['USD', 'USD', 'USD', 'EUR', 'GBP'];
  const cycles = ['monthly', 'monthly', 'quarterly', 'semiannual', 'annual'];
  const staffHash = await hashPassword(STAFF_PASSWORD);
  await sequelize().query(
    `INSERT INTO users (email, password_hash, role, first_name, last_name, email_verified_at, totp_secret_enc, totp_enabled_at, created_at, updated_at) VALUES ('bench-finance@example.test', :hash, 'finance', 'Bench', 'Finance', ${stamp}, :totp, ${stamp}, ${stamp}, ${stamp})`,
    { replacements: { hash: staffHash, totp: encryptSecret(TOTP_SECRET) } },
  );
  await insert('users', 'email, role, first_name, last_name, created_at, updated_at', customers, (i) => `'bench-${i}@example.test', 'customer', 'Bench', 'Customer ${i}', ${stamp}, ${stamp}`);
  await insert('customers', 'user_id, currency, billing_country, company, created_at, updated_at', customers, (i) => `${i + 2}, '${currencies[i % 5]}', 'US', 'Bench Co ${i}', ${at(new Date(NOW.getTime() - (i % span) * DAY))}, ${stamp}`);
  await insert('plans', 'slug, name, type, driver, created_at, updated_at', 5, (i) => `'bench-${i}', 'Bench plan ${i}', 'vps', 'virtfusion', ${stamp}, ${stamp}`);
  for (const [base, micros] of [['EUR', 1_085_000], ['GBP', 1_270_000]] as const) {
    await sequelize().query(`INSERT INTO fx_rates (base, quote, rate_micros, effective_on, created_at, updated_at) VALUES ('${base}', 'USD', ${micros}, '2000-01-01', ${stamp}, ${stamp})`);
  }
  await insert('subscriptions', 'customer_id, plan_id, status, cycle, currency, price_minor, anchor_day, started_at, current_period_start, current_period_end, cancelled_at, created_at, updated_at', subscriptions, (i) => {
    const customer = i % customers;
    const started = new Date(NOW.getTime() - ((i * 7) % span) * DAY - 3_600_000);
    const cancelled = i % 10 === 0 ? new Date(started.getTime() + ((i % 300) + 1) * DAY) : null;
    const gone = cancelled && cancelled < NOW;
    return `${customer + 1}, ${(i % 5) + 1}, '${gone ? 'cancelled' : 'active'}', '${cycles[i % 5]}', '${currencies[customer % 5]}', ${1000 + (i % 40) * 250}, 1, ${at(started)}, ${at(started)}, ${at(new Date(started.getTime() + 30 * DAY))}, ${gone ? at(cancelled) : 'NULL'}, ${stamp}, ${stamp}`;
  });
  // Invoices spread evenly over the last two years; 1 in 25 open (some overdue), the rest paid.
  const invoiceAt = (i: number) => new Date(NOW.getTime() - span * DAY + Math.floor((i * span * DAY) / size) + 60_000);
  await insert('invoices', 'number, customer_id, subscription_id, kind, status, currency, subtotal_minor, tax_minor, total_minor, amount_due_minor, issued_at, due_at, paid_at, created_at, updated_at', size, (i) => {
    const customer = i % customers;
    const issued = invoiceAt(i);
    const open = i % 25 === 0;
    const total = 1000 + (i % 40) * 250;
    return `'B-${String(i).padStart(8, '0')}', ${customer + 1}, ${(i % subscriptions) + 1}, 'renewal', '${open ? 'open' : 'paid'}', '${currencies[customer % 5]}', ${total}, 0, ${total}, ${open ? total : 0}, ${at(issued)}, ${at(new Date(issued.getTime() + 7 * DAY))}, ${open ? 'NULL' : at(issued)}, ${at(issued)}, ${at(issued)}`;
  });
  const paid = size - Math.ceil(size / 25);
  let n = 0;
  await insert('ledger_entries', 'customer_id, invoice_id, kind, amount_minor, currency, gateway, occurred_at, idempotency_key, created_at, updated_at', paid, () => {
    while (n % 25 === 0) n++;
    const i = n++;
    const customer = i % customers;
    return `${customer + 1}, ${i + 1}, 'payment', ${1000 + (i % 40) * 250}, '${currencies[customer % 5]}', 'stripe', ${at(invoiceAt(i))}, 'bench:${i}', ${stamp}, ${stamp}`;
  });
  const exportFrom = new Date(NOW.getTime() - 365 * DAY);
  const [row] = await sequelize().query<{ n: number | string }>('SELECT COUNT(*) AS n FROM invoices WHERE issued_at >= :from', { replacements: { from: exportFrom }, type: 'SELECT' as never });
  await closeDatabase();
  return { dialect: sqlite ? 'sqlite' : 'mysql/mariadb', subscriptions, invoices: size, payments: paid, exportRows: Number(row?.n ?? 0), buildMs: Math.round(performance.now() - started) };
}

/** Dashboard data, and the AdminJS invoices list signed in as finance (password + TOTP), each the median of 5 after a warm-up. */
async function measure(size: number): Promise<Record<string, number | string>> {
  const { default: request } = await import('supertest');
  const { sequelize, closeDatabase } = await import('../src/db/sequelize.js');
  const { createApp } = await import('../src/http/app.js');
  const { currentTotp } = await import('../src/auth/totp.js');
  const { dashboardData } = await import('../admin/dashboard.js');
  const { runJob } = await import('../src/jobs/runner.js');
  const { analyticsSnapshotJob } = await import('../src/jobs/analytics-snapshot.js');
  const app = await createApp({ surfaces: ['admin'] });
  const baselineMs = await timedMedian(() => sequelize().query('SELECT COUNT(*) AS n FROM invoices', { type: 'SELECT' as never }));
  const started = performance.now();
  await runJob(analyticsSnapshotJob);
  const snapshotMs = Math.round(performance.now() - started);
  const dashboardMs = await timedMedian(() => dashboardData(new Date()));

  const agent = request.agent(app);
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const login = await agent.get('/admin/login');
  await agent.post('/admin/login').type('form').send({ _csrf: csrf(login.text), email: 'bench-finance@example.test', password: STAFF_PASSWORD });
  const challenge = await agent.get('/admin/login/two-factor');
  const signed = await agent.post('/admin/login/two-factor').type('form').send({ _csrf: csrf(challenge.text), code: currentTotp(TOTP_SECRET) });
  if (signed.headers.location !== '/admin') throw new Error(`bench sign-in failed: ${signed.status} ${signed.headers.location}`);
  const list = async (query: Record<string, string>) => {
    const res = await agent.get('/admin/api/resources/invoices/actions/list').query(query);
    if (res.status !== 200 || !Array.isArray(res.body.records) || !res.body.records.length) throw new Error(`list answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res.body as { meta: { total: number; perPage: number } };
  };
  const first = await list({ page: '1' });
  const lastPage = String(Math.ceil(first.meta.total / first.meta.perPage));
  const listMs = await timedMedian(() => list({ page: '1' }));
  const listLastPageMs = await timedMedian(() => list({ page: lastPage }));
  const listFilteredMs = await timedMedian(() => list({ page: '1', 'filters.status': 'open' }));
  const month = (back: number) => new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
  const listRangeMs = await timedMedian(() => list({ page: '1', 'filters.issuedAt~~from': month(7), 'filters.issuedAt~~to': month(6) }));
  const listNumberMs = await timedMedian(() => list({ page: '1', 'filters.number': `B-${String(Math.floor(size / 3)).padStart(8, '0')}` }));
  const listSortedMs = await timedMedian(() => list({ page: '3', sortBy: 'number', direction: 'asc' }));
  await closeDatabase();
  return { baselineMs, snapshotMs, dashboardMs, listMs, listLastPageMs, listFilteredMs, listRangeMs, listNumberMs, listSortedMs };
}

/** The invoices CSV of the last 365 days, streamed to a byte counter; peak RSS of this process. */
async function exportCsv(): Promise<Record<string, number | string>> {
  const { closeDatabase } = await import('../src/db/sequelize.js');
  const { invoicesReport } = await import('../src/analytics/reports/document-reports.js');
  const { streamReportCsv } = await import('../src/analytics/reports/stream-report-csv.js');
  const startRssMb = Math.round(process.memoryUsage().rss / 1e6);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const started = performance.now();
  const rows = await streamReportCsv(invoicesReport, { from: new Date(NOW.getTime() - 365 * 86_400_000), to: new Date(NOW.getTime() + 86_400_000), currency: null }, sink);
  const exportMs = Math.round(performance.now() - started);
  await closeDatabase();
  // NOTE: maxRSS is in kilobytes (KiB) on Linux.
  return { rows, bytes, exportMs, startRssMb, peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const childIndex = process.argv.indexOf('--child');
  const part = process.argv[childIndex + 1] as Part;
  const size = Number(process.argv[childIndex + 2]) || 2_000_000;
  const work = childIndex < 0 ? benchAdmin({ size: Number(process.argv[2]) || undefined }).then((r) => void (process.exitCode = r.ok ? 0 : 1))
    : (part === 'build' ? build(size) : part === 'measure' ? measure(size) : exportCsv()).then((result) => void process.stdout.write(`${PREFIX}${JSON.stringify(result)}\n`));
  work.then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
