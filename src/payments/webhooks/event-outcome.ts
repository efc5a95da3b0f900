import type { Ctx } from '../../lib/context.js';
import type { GatewayEvent } from '../gateway.js';
import { PaymentNotRecordedError } from '../operations/find-gateway-payment.js';

/** What a handler did with an event: changed something, or found nothing of ours to change. */
export type HandlerResult = 'processed' | 'ignored';

/** Handles one kind of gateway event (idempotently: a replay must change nothing twice). */
export type EventHandler = (event: GatewayEvent, ctx: Ctx) => Promise<HandlerResult>;

/** The event needs another one first (a refund before its payment): kept `received` and retried. */
export class EventNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventNotReadyError';
  }
}

/** True for failures that resolve themselves once the events they wait for arrive. */
export function isWaiting(err: unknown): boolean {
  return err instanceof EventNotReadyError || err instanceof PaymentNotRecordedError;
}
