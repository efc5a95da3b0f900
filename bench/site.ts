import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import express from 'express';

import { isScript, listenOnLoopback, loadFromWorker, printResult, runBenchChild, runScript, type BenchResult, type LoadResult } from './support.js';

/**
 * Marketing site benchmark: the home page and /pricing (public, cacheable pages from the live catalog)
 * under 100 concurrent connections (autocannon), each against a bare Express route answering the same
 * bytes from memory in the same run. Target per page: at least 2,000 requests/s with p95 under 50 ms.
 * Runs in a child process on a scratch SQLite file (or BENCH_DATABASE_URL), as production runs it
 * (NODE_ENV=production: compiled views cached, a throwaway APP_KEY): the configured database is never touched.
 */

export interface SiteBenchResult extends BenchResult {
  dialect: string;
  connections: number;
  seconds: number;
  homeRequestsPerSecond: number;
  homeP50Ms: number;
  homeP95Ms: number;
  homeP99Ms: number;
  homeErrors: number;
  pricingRequestsPerSecond: number;
  pricingP50Ms: number;
  pricingP95Ms: number;
  pricingP99Ms: number;
  pricingErrors: number;
  baselineRequestsPerSecond: number;
  baselineP95Ms: number;
  baselineP99Ms: number;
  /** Requests/s of the slower page over the bare route's. */
  throughputRatio: number;
  targetRequestsPerSecond: number;
  targetP95Ms: number;
  loadAverage: number;
  ok: boolean;
}

const TARGET_RPS = 2_000;
const TARGET_P95_MS = 50;
const CONNECTIONS = 100;

/** Runs the benchmark in a child process and prints each page's figures next to the bare-Express baseline. */
export async function benchSite(opts: { seconds?: number; print?: boolean } = {}): Promise<SiteBenchResult> {
  const seconds = Math.max(1, Math.floor(opts.seconds ?? Number(process.env.BENCH_SITE_SECONDS ?? 10)));
  const result = await runBenchChild<SiteBenchResult>({ name: 'site', moduleUrl: import.meta.url, arg: String(seconds), env: { NODE_ENV: 'production', APP_KEY: randomBytes(32).toString('hex') } });
  if (opts.print !== false) printResult(result);
  return result;
}


const load = (url: string, seconds: number) => loadFromWorker({ url, connections: CONNECTIONS, seconds });

const meets = (l: LoadResult): boolean => l.errors === 0 && l.rps >= TARGET_RPS && l.p95 < TARGET_P95_MS;

/** The measured part, in the child: scratch schema, the catalog, then the three load runs. */
async function runInChild(seconds: number): Promise<SiteBenchResult> {
  const { config } = await import('../config/index.js');
  const { sequelize, closeDatabase } = await import('../src/db/sequelize.js');
  const { migrateUp } = await import('../src/db/migrator.js');
  const { initModels } = await import('../src/models/index.js');
  const { createApp } = await import('../src/http/app.js');
  const { seedCatalog } = await import('../seeders/catalog.js');

  const db = config().database;
  if (db.dialect === 'sqlite' && db.storage) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.storage + suffix, { force: true });
  else await sequelize().getQueryInterface().dropAllTables();
  initModels();
  await migrateUp();
  await seedCatalog();

  const app = await listenOnLoopback(await createApp({ surfaces: ['site'] }));
  const pages: Record<string, string> = {};
  for (const page of ['/', '/pricing']) {
    const res = await fetch(`${app.url}${page}`);
    pages[page] = await res.text();
    if (res.status !== 200 || !pages[page]!.includes('VPS')) throw new Error(`${page} answered ${res.status} without the catalog`);
  }

  // NOTE: the baseline answers the home page's bytes from memory: what Express and the loopback cost alone.
  const bare = express();
  bare.get('/', (_req, res) => res.type('html').send(pages['/']));
  const baseline = await listenOnLoopback(bare);

  const home = await load(`${app.url}/`, seconds);
  const pricing = await load(`${app.url}/pricing`, seconds);
  const floor = await load(`${baseline.url}/`, seconds);
  await new Promise((resolve) => app.server.close(resolve));
  await new Promise((resolve) => baseline.server.close(resolve));
  await closeDatabase();

  return {
    name: `marketing site: / and /pricing (${CONNECTIONS} connections, ${seconds} s each)`,
    dialect: db.dialect,
    connections: CONNECTIONS,
    seconds,
    homeRequestsPerSecond: home.rps,
    homeP50Ms: home.p50,
    homeP95Ms: home.p95,
    homeP99Ms: home.p99,
    homeErrors: home.errors,
    pricingRequestsPerSecond: pricing.rps,
    pricingP50Ms: pricing.p50,
    pricingP95Ms: pricing.p95,
    pricingP99Ms: pricing.p99,
    pricingErrors: pricing.errors,
    baselineRequestsPerSecond: floor.rps,
    baselineP95Ms: floor.p95,
    baselineP99Ms: floor.p99,
    throughputRatio: floor.rps > 0 ? Math.round((Math.min(home.rps, pricing.rps) / floor.rps) * 100) / 100 : 0,
    targetRequestsPerSecond: TARGET_RPS,
    targetP95Ms: TARGET_P95_MS,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    ok: meets(home) && meets(pricing),
  };
}

if (isScript(import.meta.url)) runScript((n) => runInChild(n ?? 10), (n) => benchSite({ seconds: n }));
