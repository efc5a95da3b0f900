import type { RequestHandler } from 'express';
import { defineLazyLocal } from './lazy-locals.js';
import type { FlashType } from './session-types.js';

export type { FlashType };
export interface FlashMessage {
  type: FlashType;
  message: string;
}

/** `req.flash(type, message)` queues a message in the session; the next page that renders `flash` consumes it. */
export function flashMiddleware(): RequestHandler {
  return (req, res, next) => {
    req.flash = (type, message) => {
      if (!req.session) throw new Error('req.flash needs a session (mount sessionMiddleware first)');
      req.session.flash = [...(req.session.flash ?? []), { type, message }];
    };
    defineLazyLocal(res, 'flash', (): FlashMessage[] => {
      const queued = req.session?.flash;
      if (!queued?.length) return [];
      delete req.session.flash;
      return queued;
    });
    next();
  };
}
