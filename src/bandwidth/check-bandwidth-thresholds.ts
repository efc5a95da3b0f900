import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { BandwidthAlert, type Plan, type Service, type Subscription } from '../models/index.js';
import { notifyCustomer, notifyStaff } from '../notify/notify.js';
import { getSetting } from '../settings/index.js';
import { GB_BYTES, bandwidthCycleAt, gigabytes } from './cycles.js';
import { usedBytesInCycle } from './used-bytes.js';

export interface ThresholdSubject {
  service: Service;
  subscription: Subscription;
  plan: Plan;
}

/**
 * Raises the quota alerts a service has reached in its current cycle (settings `bandwidth.alert_thresholds`, 75/90/100 %
 * by default), each once per service and cycle (the bandwidth_alerts unique key). The customer gets one mail for the
 * highest threshold reached since the last check (a jump from 50 % to 100 % sends the 100 % mail only); staff hear at 100 %.
 * Returns the thresholds newly recorded.
 */
export async function checkBandwidthThresholds(subject: ThresholdSubject, ctx: Ctx): Promise<number[]> {
  const { service, subscription, plan } = subject;
  const quotaGb = plan.bandwidthQuotaGb;
  if (!quotaGb || quotaGb <= 0) return [];
  const cycle = bandwidthCycleAt(subscription, ctx.now);
  const quotaBytes = quotaGb * GB_BYTES;
  const thresholds = [...(await getSetting('bandwidth.alert_thresholds'))].sort((a, b) => a - b);
  return inTransaction(ctx, async (transaction) => {
    const used = (await usedBytesInCycle([service.id], cycle, transaction)).get(service.id) ?? 0;
    // NOTE: integer comparison (used x 100 >= quota x threshold) so that exactly 75 % counts as reached.
    const reached = thresholds.filter((t) => used * 100 >= quotaBytes * t);
    if (reached.length === 0) return [];
    const known = new Set((await BandwidthAlert.findAll({ where: { serviceId: service.id, cycleStart: cycle.start }, attributes: ['thresholdPercent'], transaction })).map((a) => a.thresholdPercent));
    const fresh: number[] = [];
    for (const threshold of reached) {
      if (known.has(threshold)) continue;
      try {
        await BandwidthAlert.create({ serviceId: service.id, cycleStart: cycle.start, thresholdPercent: threshold, usedBytes: used, quotaBytes, sentAt: ctx.now }, { transaction });
        fresh.push(threshold);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    const top = fresh.at(-1);
    if (top === undefined) return [];
    const tctx = { ...ctx, transaction };
    const figures = { serviceId: service.id, cycleStart: cycle.start, threshold: top, usedGb: gigabytes(used), quotaGb };
    await notifyCustomer('bandwidth.threshold_reached', { customerId: service.customerId, data: { ...figures, resetsAt: cycle.endAt } }, tctx);
    if (top >= 100) await notifyStaff('bandwidth.high_usage', { ...figures, customerId: service.customerId }, tctx);
    return fresh;
  });
}
