// NOTE: The dunning ladder. An invoice is charged on its due date (step 0); each failure moves it one
// step on and schedules the next try `retry_days[k]` days after the due date (default 1, 3, 5, 7).
// After the last retry fails the final notice goes out and dunning stops (step = retries + 1); the
// suspension policy takes over: services are suspended `suspend_after_days` after the due date and
// terminated `terminate_after_days` after it. Staff change all three in the settings.
import { getSetting } from '../../settings/index.js';

const DAY_MS = 86_400_000;
/** A step is never retried sooner than this, even when the job catches up after a pause. */
export const MIN_RETRY_GAP_MS = 12 * 3_600_000;

/** The ladder and the suspension schedule, as the settings hold them now. */
export interface DunningPolicy {
  readonly retryDays: readonly number[];
  readonly suspendAfterDays: number;
  readonly terminateAfterDays: number;
}

/** Reads the policy from the settings (`dunning.retry_days`, `suspension.*`). */
export async function loadDunningPolicy(): Promise<DunningPolicy> {
  const [retryDays, suspendAfterDays, terminateAfterDays] = await Promise.all([
    getSetting('dunning.retry_days'),
    getSetting('suspension.suspend_after_days'),
    getSetting('suspension.terminate_after_days'),
  ]);
  return { retryDays, suspendAfterDays, terminateAfterDays: Math.max(terminateAfterDays, suspendAfterDays) };
}

/** `days` after `from`. */
export function daysAfter(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** The last step that charges: 0 is the due-date charge, 1..n the retries. */
export function lastChargingStep(policy: DunningPolicy): number {
  return policy.retryDays.length;
}

/** When the try after a failed `step` is due, or null when that was the last one. */
export function nextRetryAt(policy: DunningPolicy, step: number, dueAt: Date, now: Date): Date | null {
  const days = policy.retryDays[step];
  if (days === undefined) return null;
  const ladder = daysAfter(dueAt, days);
  return ladder.getTime() < now.getTime() + MIN_RETRY_GAP_MS ? new Date(now.getTime() + MIN_RETRY_GAP_MS) : ladder;
}

/**
 * When an overdue invoice suspends its services and when it terminates them. A staff extension holds
 * the suspension until it ends, and keeps the same suspended time before termination after it.
 */
export function suspensionDates(policy: DunningPolicy, dueAt: Date, extendedUntil?: Date | null): { suspendOn: Date; terminateOn: Date } {
  const onTime = daysAfter(dueAt, policy.suspendAfterDays);
  const suspendOn = extendedUntil && extendedUntil > onTime ? extendedUntil : onTime;
  return { suspendOn, terminateOn: daysAfter(suspendOn, policy.terminateAfterDays - policy.suspendAfterDays) };
}
