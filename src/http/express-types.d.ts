// Request fields added by the shared HTTP platform (src/http/*).
import 'express';
import type { Logger } from 'pino';
import type { FlashType } from './session-types.js';

/** The signed-in person as views and edges see it (plain data, safe to render). */
export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  firstName: string | null;
  role: string;
  isStaff: boolean;
}

declare global {
  namespace Express {
    interface Request {
      /** The request id (x-request-id in and out). */
      id: string;
      /** A pino child logger bound to this request. */
      log: Logger;
      /** Queues a message for the next rendered page of this session. */
      flash(type: FlashType, message: string): void;
      /** The signed-in user, loaded from session.userId (null when signed out). */
      currentUser?: CurrentUser | null;
    }
  }
}
