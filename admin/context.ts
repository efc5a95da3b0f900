import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { CurrentAdmin } from 'adminjs';
import { clock } from '../src/lib/clock.js';
import type { Ctx, Role } from '../src/lib/context.js';

/** The parts of an admin request that operations and audit rows need (AdminJS hands actions only a copy of the request). */
interface RequestFacts {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestFacts>();

/** Runs the rest of the admin request with its ip, user agent and request id at hand. */
export const withRequestFacts: RequestHandler = (req, _res, next) => {
  const requestId = typeof req.id === 'string' && req.id ? req.id : randomUUID();
  storage.run({ ip: req.ip?.slice(0, 64) ?? null, userAgent: req.get('user-agent')?.slice(0, 255) ?? null, requestId }, next);
};

/** The operation context of the current admin request, acting as `staff` (or anonymous before sign-in). */
export function staffCtx(staff?: { id: number | string; role?: string } | CurrentAdmin | null): Ctx {
  const facts = storage.getStore();
  const userId = staff?.id === undefined || staff?.id === null ? null : Number(staff.id);
  return {
    actor: { type: 'staff', userId, role: staff?.role as Role | undefined, ip: facts?.ip ?? null, userAgent: facts?.userAgent ?? null },
    now: clock.now(),
    requestId: facts?.requestId ?? randomUUID(),
  };
}
