// Shared helpers of the benchmarks: timing, rates, printing, and putting a database back as it was.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QueryTypes } from 'sequelize';
import { sequelize } from '../src/db/sequelize.js';

/** Runs `fn` and returns its result with the elapsed wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/** Items per second over `ms`, rounded. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : 0;
}

/** A benchmark result: its name, then flat numbers or strings. */
export type BenchResult = { name: string } & Record<string, string | number | boolean>;

/** Prints a result as aligned `key  value` lines under its name. */
export function printResult(result: BenchResult, out: (line: string) => void = console.log): void {
  out(`\n${result.name}`);
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [key, value] of Object.entries(result)) {
    if (key === 'name') continue;
    const shown = typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
    out(`  ${key.padEnd(width)}  ${shown}`);
  }
}

/** The highest id of each table now: rows above it were written by the benchmark. */
export async function highWaterMarks(tables: readonly string[]): Promise<Map<string, number>> {
  const marks = new Map<string, number>();
  for (const table of tables) {
    const [row] = await sequelize().query<{ m: number | string | null }>(`SELECT MAX(id) AS m FROM ${table}`, { type: QueryTypes.SELECT });
    marks.set(table, Number(row?.m ?? 0));
  }
  return marks;
}

/** Deletes the rows above each mark, tables in the order given (children first). */
export async function deleteAbove(marks: ReadonlyMap<string, number>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await sequelize().query(`DELETE FROM ${table} WHERE id > :mark`, { replacements: { mark: marks.get(table) ?? 0 }, type: QueryTypes.BULKDELETE });
  }
}

/** Reads the rows above a mark, as column names plus value tuples, in id order. */
export async function rowsAbove(table: string, mark: number): Promise<{ columns: string[]; rows: unknown[][] }> {
  const rows = await sequelize().query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE id > :mark ORDER BY id`, { replacements: { mark }, type: QueryTypes.SELECT });
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return { columns, rows: rows.map((r) => columns.map((c) => r[c])) };
}

/** Remembers a sequence's next value so a benchmark can give back the numbers it took. */
export async function saveSequence(name: string): Promise<() => Promise<void>> {
  const [row] = await sequelize().query<{ v: number | string }>('SELECT next_value AS v FROM sequences WHERE name = :name', { replacements: { name }, type: QueryTypes.SELECT });
  return async () => {
    if (!row) await sequelize().query('DELETE FROM sequences WHERE name = :name', { replacements: { name }, type: QueryTypes.BULKDELETE });
    else await sequelize().query('UPDATE sequences SET next_value = :v WHERE name = :name', { replacements: { name, v: Number(row.v) }, type: QueryTypes.BULKUPDATE });
  };
}

/** The line a benchmark child prints its JSON result after. */
const RESULT_PREFIX = 'BENCH_RESULT ';

/** Prints a child's result for the parent (`runBenchChild`) to read. */
export function reportToParent(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/**
 * Runs a benchmark's own module as a child process (`--child <arg>`) on a scratch database: BENCH_DATABASE_URL when
 * it names one (its name must say bench, test or scratch: it is emptied), else a temporary SQLite file removed
 * afterwards. Resolves with the result the child printed through `reportToParent`.
 */
export async function runBenchChild<T>(opts: { name: string; moduleUrl: string; arg: string; databaseUrl?: string; env?: Record<string, string> }): Promise<T> {
  const tmpFile = path.join(os.tmpdir(), `ezscale-bench-${opts.name}-${process.pid}-${Date.now()}.sqlite`);
  const databaseUrl = opts.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? `sqlite:${tmpFile}`;
  if (!databaseUrl.startsWith('sqlite:') && !/bench|test|scratch/i.test(new URL(databaseUrl).pathname)) {
    throw new Error('BENCH_DATABASE_URL must name a scratch database (with "bench", "test" or "scratch" in its name): it is emptied');
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    return await new Promise<T>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(opts.moduleUrl), '--child', opts.arg], {
        cwd: root,
        // NOTE: the test environment gives the child a fixed key and quiet logs; it talks to fakes only (and to Redis only
        // with BENCH_REDIS_URL).
        env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: process.env.BENCH_REDIS_URL ?? '', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...opts.env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
        if (code !== 0 || !line) return reject(new Error(`${opts.name} benchmark failed (exit ${code})\n${out.slice(-2000)}`));
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
      });
    });
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmpFile + suffix, { force: true });
  }
}

/** p-th percentile (0-100) of sorted values, to a tenth. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[at]! * 10) / 10;
}

/** True when node runs `moduleUrl` itself (a benchmark started as a script or as a child), not as an import. */
export function isScript(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && path.resolve(process.argv[1]!) === fileURLToPath(moduleUrl);
}

/**
 * A benchmark run as a script: with `--child N` it measures and reports to the parent; otherwise it runs the parent
 * with the first argument. Exits 0 only when the parent's result is ok.
 */
export function runScript(child: (arg: number | undefined) => Promise<unknown>, parent: (arg: number | undefined) => Promise<{ ok: boolean }>): void {
  const childIndex = process.argv.indexOf('--child');
  const numberAt = (i: number) => Number(process.argv[i]) || undefined;
  const run = childIndex >= 0 ? child(numberAt(childIndex + 1)).then((result) => reportToParent(result)) : parent(numberAt(2)).then((r) => void (process.exitCode = r.ok ? 0 : 1));
  run.then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** What a load run asks of bench/load-worker.mjs, and what it answers (latencies in ms). */
export interface LoadRequest {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}
export interface LoadResult {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

/**
 * Loads `url` with autocannon from a worker thread (so the generator never shares the measured server's event loop),
 * timing every response (autocannon's summary has no p95); anything but 200 counts as an error.
 */
export function loadFromWorker(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: request });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load worker exited with ${code}`))));
  });
}

/** Serves `handler` on a free loopback port. */
export function listenOnLoopback(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}
