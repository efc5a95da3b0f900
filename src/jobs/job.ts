import type { Logger } from 'pino';
import type { Ctx } from '../lib/context.js';
import { isShuttingDown } from '../lib/shutdown.js';

/** What a job run reports: how many items it handled and how many failed. */
export interface JobResult {
  processed: number;
  failed: number;
  details?: Record<string, unknown>;
}

/** A scheduled job: picks due work in batches and hands each item to one operation. */
export interface Job {
  /** CLI and lock name, e.g. `billing:renew`. */
  name: string;
  /** node-cron expression (UTC). */
  schedule: string;
  description: string;
  /** How long the named lock is held at most (ms). */
  lockTtlMs?: number;
  run(ctx: Ctx, log: Logger): Promise<JobResult>;
}

/**
 * Runs `handle` for each item in isolation: one failure is logged and counted, never aborts the run.
 * On shutdown no new item starts; items under way finish.
 */
export async function eachInIsolation<T>(
  items: readonly T[],
  log: Logger,
  handle: (item: T) => Promise<void>,
  opts: { concurrency?: number; label?: (item: T) => string | number } = {},
): Promise<JobResult> {
  let processed = 0;
  let failed = 0;
  let index = 0;
  const worker = async (): Promise<void> => {
    while (index < items.length && !isShuttingDown()) {
      const item = items[index++] as T;
      try {
        await handle(item);
        processed++;
      } catch (err) {
        failed++;
        log.error({ err, item: opts.label ? opts.label(item) : undefined }, 'job item failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return { processed, failed };
}
