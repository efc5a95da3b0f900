import type { Request, Response } from 'express';
import { z } from 'zod';
import { hashRequest, withIdempotency } from '../db/idempotency.js';
import { principalOf } from './principal.js';

/** `?page=&per_page=` with per_page at most 100. */
export function pageOf(req: Request): { page: number; perPage: number; offset: number } {
  const parsed = z
    .object({ page: z.coerce.number().int().min(1).max(100_000).default(1), per_page: z.coerce.number().int().min(1).max(100).default(25) })
    .parse({ page: req.query.page ?? undefined, per_page: req.query.per_page ?? undefined });
  return { page: parsed.page, perPage: parsed.per_page, offset: (parsed.page - 1) * parsed.per_page };
}

/** A list response: `data` plus paging facts. */
export function sendList(res: Response, data: unknown[], paging: { page: number; perPage: number; total: number }): void {
  res.json({ data, meta: { page: paging.page, per_page: paging.perPage, total: paging.total } });
}

/** Sends a whole, unpaginated list as one page. */
export function sendAll(res: Response, data: unknown[]): void {
  sendList(res, data, { page: 1, perPage: data.length, total: data.length });
}

/**
 * Runs a POST once per `Idempotency-Key` header (per user): a retried request gets the first response back
 * (with `Idempotent-Replayed: true`), the same key with another body is a 409. Without the header it just runs.
 */
export async function once<T>(req: Request, res: Response, fn: () => Promise<T>): Promise<T> {
  const key = req.get('idempotency-key');
  if (!key) return fn();
  const { user } = principalOf(res);
  const outcome = await withIdempotency(`api:${user.id}`, key, hashRequest({ method: req.method, path: req.originalUrl, body: req.body ?? null }), fn);
  if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
  return outcome.result;
}
