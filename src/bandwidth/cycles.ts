import { periodContaining } from '../billing/periods.js';
import type { Subscription } from '../models/index.js';

/** Bytes in a GB as traffic is sold and billed here: decimal, 10^9 (as network equipment counts). */
export const GB_BYTES = 1_000_000_000;

/** A bandwidth cycle in whole UTC days: `start` inclusive, `end` exclusive (YYYY-MM-DD), and the same as instants. */
export interface BandwidthCycle {
  start: string;
  end: string;
  startAt: Date;
  endAt: Date;
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Midnight UTC of the day of `at`. */
export function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The instant a subscription's bandwidth cycles are anchored on: midnight UTC of the day it started. */
function anchorOf(subscription: Pick<Subscription, 'startedAt' | 'currentPeriodStart' | 'createdAt'>): Date {
  return startOfDay(subscription.startedAt ?? subscription.currentPeriodStart ?? subscription.createdAt);
}

/**
 * The monthly bandwidth cycle containing `at`.
 * NOTE: the plan's quota is monthly whatever the billing cycle, so cycles are monthly, anchored on the day the
 * subscription started (Jan 31 -> Feb 28 -> Mar 31, like billing periods), in whole UTC days: traffic is stored per day.
 */
export function bandwidthCycleAt(subscription: Pick<Subscription, 'startedAt' | 'currentPeriodStart' | 'createdAt'>, at: Date): BandwidthCycle & { index: number } {
  const period = periodContaining(anchorOf(subscription), 'monthly', at);
  return { start: dayOf(period.start), end: dayOf(period.end), startAt: period.start, endAt: period.end, index: period.index };
}

/** The cycle before the one containing `at`, or null when the subscription had not started then. */
export function previousBandwidthCycle(subscription: Pick<Subscription, 'startedAt' | 'currentPeriodStart' | 'createdAt'>, at: Date): BandwidthCycle | null {
  const current = bandwidthCycleAt(subscription, at);
  if (current.index <= 0) return null;
  const { index: _index, ...previous } = bandwidthCycleAt(subscription, new Date(current.startAt.getTime() - 1));
  return previous;
}

/** Bytes as GB with up to three decimals, for people (mails, invoice lines): 1234567890 -> 1.235. */
export function gigabytes(bytes: number): number {
  return Math.round(bytes / 1_000_000) / 1000;
}
