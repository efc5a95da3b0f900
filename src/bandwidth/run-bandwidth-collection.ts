import type { Logger } from 'pino';
import { Op } from 'sequelize';
import { eachInIsolation, type JobResult } from '../jobs/job.js';
import type { Ctx } from '../lib/context.js';
import { Plan, Service, Subscription } from '../models/index.js';
import { billBandwidthOverage } from './bill-bandwidth-overage.js';
import { checkBandwidthThresholds, type ThresholdSubject } from './check-bandwidth-thresholds.js';
import { dayOf, previousBandwidthCycle, startOfDay } from './cycles.js';
import { elastiFlowFromSettings, type ElastiFlowClient } from './elastiflow-client.js';
import { recordBandwidthUsage, type DayUsage } from './record-bandwidth-usage.js';

const DAY_MS = 86_400_000;
/**
 * A finished cycle is billed this long after it ended.
 * NOTE: every run re-reads yesterday in full, so by then the last day was collected after it was over, with time for
 * late flow records to arrive.
 */
export const OVERAGE_GRACE_MS = 2 * 60 * 60_000;

export interface CollectionOptions {
  /** Defaults to the client configured in settings. */
  client?: ElastiFlowClient | null;
  /** Services read from the database at once. */
  pageSize?: number;
  /** Services whose addresses go into one ElastiFlow search. */
  chunkSize?: number;
}

type Subject = ThresholdSubject;

/** Valid addresses of a service (its list, else its primary address). */
function addressesOf(service: Service): string[] {
  const list = service.ipAddresses?.length ? service.ipAddresses : service.primaryIp ? [service.primaryIp] : [];
  return [...new Set(list.filter((ip) => typeof ip === 'string' && ip !== ''))];
}

/** Yesterday in full and today so far (UTC): re-reading yesterday completes the day the previous runs saw in part. */
function windowsAt(now: Date): Array<{ day: string; from: Date; to: Date }> {
  const today = startOfDay(now);
  const yesterday = new Date(today.getTime() - DAY_MS);
  return [
    { day: dayOf(yesterday), from: yesterday, to: today },
    { day: dayOf(today), from: today, to: now },
  ];
}

/** One ElastiFlow search per window for a chunk of services, then their daily rows. */
async function collectChunk(client: ElastiFlowClient, subjects: Subject[], ctx: Ctx): Promise<number> {
  const owner = new Map<string, number>();
  for (const { service } of subjects) {
    // NOTE: an address listed on two live services counts for the older one only, so no traffic is billed twice.
    for (const ip of addressesOf(service)) if (!owner.has(ip)) owner.set(ip, service.id);
  }
  const firstDay = new Map(subjects.map(({ service }) => [service.id, dayOf(service.provisionedAt ?? service.createdAt)]));
  const rows: DayUsage[] = [];
  for (const window of windowsAt(ctx.now)) {
    const traffic = await client.trafficByIp([...owner.keys()], window.from, window.to);
    const perService = new Map(subjects.map(({ service }) => [service.id, { bytesIn: 0, bytesOut: 0 }]));
    for (const [ip, bytes] of traffic) {
      const total = perService.get(owner.get(ip) ?? -1);
      if (!total) continue;
      total.bytesIn += bytes.bytesIn;
      total.bytesOut += bytes.bytesOut;
    }
    for (const [serviceId, bytes] of perService) {
      // NOTE: an address's traffic from before its service was set up belongs to whoever had it then.
      if (window.day >= (firstDay.get(serviceId) ?? window.day)) rows.push({ serviceId, day: window.day, ...bytes });
    }
  }
  return recordBandwidthUsage(rows, ctx);
}

/** After collection: quota alerts of the current cycle, and the overage of a cycle that ended. */
async function settleService(subject: Subject, ctx: Ctx, counts: { alerts: number; overages: number }): Promise<void> {
  counts.alerts += (await checkBandwidthThresholds(subject, ctx)).length;
  const previous = previousBandwidthCycle(subject.subscription, ctx.now);
  if (!previous || ctx.now.getTime() < previous.endAt.getTime() + OVERAGE_GRACE_MS) return;
  const { created, overage } = await billBandwidthOverage({ serviceId: subject.service.id, cycle: previous }, ctx);
  if (created && overage) counts.overages += 1;
}

/**
 * Collects every live service's traffic from ElastiFlow (by its addresses), stores it per service and day, raises quota
 * alerts and bills the overage of cycles that ended. A chunk ElastiFlow fails on is counted as failed and left for the
 * next run (its services get no alerts or overage this run); one service's failure never stops the others.
 */
export async function runBandwidthCollection(ctx: Ctx, log: Logger, opts: CollectionOptions = {}): Promise<JobResult> {
  const client = opts.client === undefined ? await elastiFlowFromSettings() : opts.client;
  if (!client) {
    log.warn('ElastiFlow is not configured (bandwidth.elastiflow_url); no traffic collected');
    return { processed: 0, failed: 0, details: { skipped: 'elastiflow_not_configured' } };
  }
  const pageSize = opts.pageSize ?? 500;
  const chunkSize = opts.chunkSize ?? 250;
  const counts = { services: 0, rows: 0, alerts: 0, overages: 0 };
  let failed = 0;
  let lastId = 0;
  for (;;) {
    const services = await Service.findAll({
      where: { id: { [Op.gt]: lastId }, status: ['active', 'suspended'] },
      include: [{ model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] }],
      order: [['id', 'ASC']],
      limit: pageSize,
    });
    if (services.length === 0) break;
    lastId = services[services.length - 1]!.id;
    const subjects: Subject[] = services
      .filter((s) => s.subscription?.plan && addressesOf(s).length > 0)
      .map((service) => ({ service, subscription: service.subscription!, plan: service.subscription!.plan! }));
    const collected: Subject[] = [];
    for (let i = 0; i < subjects.length; i += chunkSize) {
      const chunk = subjects.slice(i, i + chunkSize);
      try {
        counts.rows += await collectChunk(client, chunk, ctx);
        collected.push(...chunk);
      } catch (err) {
        failed += chunk.length;
        log.error({ err, services: chunk.map((s) => s.service.id) }, 'bandwidth collection failed for a chunk of services');
      }
    }
    counts.services += collected.length;
    const settled = await eachInIsolation(collected, log, (subject) => settleService(subject, ctx, counts), { label: (s) => s.service.id });
    failed += settled.failed;
  }
  return { processed: counts.services, failed, details: { ...counts } };
}
