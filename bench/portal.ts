import fs from 'node:fs';
import os from 'node:os';
import express from 'express';

import { isScript, listenOnLoopback, loadFromWorker, printResult, runBenchChild, runScript, type BenchResult } from './support.js';

/**
 * Portal dashboard benchmark: a customer with 50 services and 500 invoices, signed in, their dashboard
 * under 50 concurrent connections (autocannon), against a bare Express route answering a page of the
 * same size in the same run. Target: p95 under 100 ms. Runs in a child process on a scratch SQLite file
 * (or BENCH_DATABASE_URL; sessions in Redis with BENCH_REDIS_URL): the configured database is never touched.
 */

export interface PortalBenchResult extends BenchResult {
  dialect: string;
  /** Where sessions are kept: `redis` with BENCH_REDIS_URL, else `database`. */
  sessions: string;
  services: number;
  invoices: number;
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  baselineP50Ms: number;
  baselineP95Ms: number;
  baselineP99Ms: number;
  baselineRequestsPerSecond: number;
  /** p95 of the dashboard / p95 of the bare route. */
  p95Ratio: number;
  targetP95Ms: number;
  loadAverage: number;
  ok: boolean;
}

const TARGET_P95_MS = 100;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_PORTAL_SECONDS ?? 10);
const PASSWORD = 'bench portal password 1';

/** Runs the benchmark in a child process and prints p50/p95/p99 of the dashboard and of the bare-Express baseline. */
export async function benchPortal(opts: { services?: number; print?: boolean } = {}): Promise<PortalBenchResult> {
  const services = Math.max(1, Math.floor(opts.services ?? 50));
  const result = await runBenchChild<PortalBenchResult>({ name: 'portal', moduleUrl: import.meta.url, arg: String(services) });
  if (opts.print !== false) printResult(result);
  return result;
}


const load = (url: string, cookie: string) => loadFromWorker({ url, connections: CONNECTIONS, seconds: SECONDS, headers: { cookie } });

/** Signs in through the login form and returns the session cookie. */
async function signIn(url: string, email: string): Promise<string> {
  const page = await fetch(`${url}/account/login`);
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${url}/account/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }).toString(),
  });
  const session = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ') || cookie;
  if (res.status !== 303 || res.headers.get('location') !== '/account') throw new Error(`bench sign-in answered ${res.status} ${res.headers.get('location')}`);
  return session;
}

/** The measured part, in the child: scratch schema, one customer's data, the two load runs. */
async function runInChild(serviceCount: number): Promise<PortalBenchResult> {
  const { config } = await import('../config/index.js');
  const { sequelize, closeDatabase } = await import('../src/db/sequelize.js');
  const { migrateUp } = await import('../src/db/migrator.js');
  const { initModels, Invoice, Service, Subscription, BandwidthUsage } = await import('../src/models/index.js');
  const { createApp } = await import('../src/http/app.js');
  const { hashPassword } = await import('../src/auth/passwords.js');
  const { createPlan } = await import('../test/factories/catalog.js');
  const { createCustomer, createUser } = await import('../test/factories/identity.js');
  const { createTicket } = await import('../test/factories/support.js');

  const db = config().database;
  if (db.dialect === 'sqlite' && db.storage) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db.storage + suffix, { force: true });
  else await sequelize().getQueryInterface().dropAllTables();
  initModels();
  await migrateUp();

  const user = await createUser({ email: 'bench-portal@example.test', passwordHash: await hashPassword(PASSWORD) });
  const customer = await createCustomer({ userId: user.id });
  const plan = await createPlan({ type: 'vps', specs: { cpuCores: 2, memoryMb: 4096, diskGb: 80 }, bandwidthQuotaGb: 2000 });
  const now = new Date();
  const end = new Date(now.getTime() + 30 * 86_400_000);
  const subscriptions = await Subscription.bulkCreate(Array.from({ length: serviceCount }, () => ({
    customerId: customer.id, planId: plan.id, status: 'active' as const, cycle: 'monthly' as const, currency: 'USD' as const,
    priceMinor: 1000, anchorDay: now.getUTCDate(), startedAt: now, currentPeriodStart: now, currentPeriodEnd: end,
  })));
  const services = await Service.bulkCreate(subscriptions.map((s, i) => ({
    subscriptionId: s.id, customerId: customer.id, serviceType: 'vps' as const, driver: 'virtfusion' as const, reference: `bench-${i}`,
    status: 'active' as const, hostname: `bench-${i}.example.test`, externalId: String(i + 1), primaryIp: `198.51.100.${(i % 250) + 1}`, provisionedAt: now,
  })));
  const day = now.toISOString().slice(0, 10);
  await BandwidthUsage.bulkCreate(services.map((s) => ({ serviceId: s.id, day, bytesIn: 5 * 1024 ** 3, bytesOut: 1024 ** 3, collectedAt: now })));
  const invoiceCount = serviceCount * 10;
  await Invoice.bulkCreate(Array.from({ length: invoiceCount }, (_, i) => {
    const open = i % 20 === 0;
    const issuedAt = new Date(now.getTime() - (invoiceCount - i) * 3_600_000);
    return {
      number: `BENCH-${String(i + 1).padStart(6, '0')}`, customerId: customer.id, subscriptionId: subscriptions[i % subscriptions.length]!.id, kind: 'manual' as const,
      status: open ? ('open' as const) : ('paid' as const), currency: 'USD' as const, subtotalMinor: 1000, totalMinor: 1000, amountDueMinor: open ? 1000 : 0,
      issuedAt, dueAt: new Date(issuedAt.getTime() + 7 * 86_400_000), paidAt: open ? null : issuedAt,
    };
  }));
  for (let i = 0; i < 5; i++) await createTicket({ customer, subject: `Bench ticket ${i}` });

  const app = await listenOnLoopback(await createApp({ surfaces: ['account'] }));
  const cookie = await signIn(app.url, user.email);
  const probe = await fetch(`${app.url}/account`, { headers: { cookie } });
  const html = await probe.text();
  if (probe.status !== 200 || !html.includes(`bench-${serviceCount - 1}.example.test`)) throw new Error(`dashboard answered ${probe.status} without the seeded services`);

  // NOTE: the baseline answers a page of the same size from memory: what Express and the loopback cost alone.
  const bare = express();
  bare.get('/account', (_req, res) => res.type('html').send(html));
  const baseline = await listenOnLoopback(bare);

  const measured = await load(`${app.url}/account`, cookie);
  const floor = await load(`${baseline.url}/account`, cookie);
  await new Promise((resolve) => app.server.close(resolve));
  await new Promise((resolve) => baseline.server.close(resolve));
  await closeDatabase();

  return {
    name: 'portal dashboard (50 services, 500 invoices, 50 connections)',
    dialect: db.dialect,
    sessions: config().redisUrl ? 'redis' : 'database',
    services: serviceCount,
    invoices: invoiceCount,
    connections: CONNECTIONS,
    seconds: SECONDS,
    requests: measured.requests,
    errors: measured.errors,
    p50Ms: measured.p50,
    p95Ms: measured.p95,
    p99Ms: measured.p99,
    requestsPerSecond: measured.rps,
    baselineP50Ms: floor.p50,
    baselineP95Ms: floor.p95,
    baselineP99Ms: floor.p99,
    baselineRequestsPerSecond: floor.rps,
    p95Ratio: floor.p95 > 0 ? Math.round((measured.p95 / floor.p95) * 10) / 10 : 0,
    targetP95Ms: TARGET_P95_MS,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    ok: measured.requests > 0 && measured.errors === 0 && measured.p95 < TARGET_P95_MS,
  };
}

if (isScript(import.meta.url)) runScript((n) => runInChild(n ?? 50), (n) => benchPortal({ services: n ?? 50 }));
