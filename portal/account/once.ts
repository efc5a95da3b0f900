import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { hashRequest, withIdempotency } from '../../src/db/idempotency.js';
import { ConflictError } from '../../src/lib/errors.js';

/** The hidden `submission` field of a form that changes a server or money: a fresh id per rendered form. */
export function newSubmissionId(): string {
  return randomUUID();
}

export const submissionField = z.string().uuid();

/** What a repeated submission learns: the first one's result, or that it is still running. */
export type Once<T> = { status: 'done'; result: T; replayed: boolean } | { status: 'busy' };

/**
 * Runs a portal form's effect once per rendered form: the same `submission` id posted again (a double
 * click, a reload of the POST) replays the first result instead of acting twice; while the first is
 * still running the second is told so. Keyed by customer, so ids never cross accounts.
 */
export async function oncePerSubmission<T>(req: Request, scope: string, submission: string, request: unknown, fn: () => Promise<T>): Promise<Once<T>> {
  try {
    const { result, replayed } = await withIdempotency(`portal.${scope}`, `${req.customer!.id}:${submission}`, hashRequest(request), fn);
    return { status: 'done', result, replayed };
  } catch (err) {
    if (err instanceof ConflictError && (err.code === 'idempotency_request_in_progress' || err.code === 'idempotency_key_reused')) return { status: 'busy' };
    throw err;
  }
}

/** "1.5 GB" style sizes (binary units, one decimal above KB). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
