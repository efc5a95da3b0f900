import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { clock } from '../lib/clock.js';
import type { Ctx, Role } from '../lib/context.js';
import { logger } from '../lib/logger.js';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** Health probes and static files are logged at debug level only. */
const QUIET = /^\/(healthz|assets\/)/;

/** Request id (x-request-id in and out), a child logger on req.log, and one log line per response. */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    req.log = logger().child({ reqId: req.id });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode >= 500) req.log.error(line, 'request failed');
      else if (QUIET.test(req.originalUrl)) req.log.debug(line, 'request');
      else req.log.info(line, 'request');
    });
    next();
  };
}

/** The operation context of a request: actor from the session, request id, clock. */
export function ctxOf(req: Request): Ctx {
  const user = req.currentUser;
  const ip = req.ip ?? null;
  const userAgent = req.get('user-agent')?.slice(0, 255) ?? null;
  if (!user) return { actor: { type: 'customer', userId: null, ip, userAgent }, now: clock.now(), requestId: req.id };
  return {
    actor: {
      type: user.isStaff ? 'staff' : 'customer',
      userId: user.id,
      role: user.role as Role,
      impersonatorId: req.session?.impersonatorId ?? null,
      ip,
      userAgent,
    },
    now: clock.now(),
    requestId: req.id,
  };
}
