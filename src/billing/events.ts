// NOTE: Domain events of the billing engine are outbox rows (channel 'event') written in the
// transaction that decided them, so a subscriber (mail, Discord, webhooks, analytics) sees an event
// only when its change committed. The dedupe key is the event's business identity: writing the same
// event twice (a retried job, a double click) leaves one row.
import { inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { OutboxMessage } from '../models/outbox-message.js';

/** Every event type the billing engine emits (`resource.action`, past tense). */
export type BillingEventType =
  | 'order.placed'
  | 'order.approved'
  | 'order.rejected'
  | 'order.completed'
  | 'order.waitlisted'
  | 'subscription.activated'
  | 'subscription.past_due'
  | 'subscription.suspended'
  | 'subscription.unsuspended'
  | 'subscription.terminated'
  | 'subscription.cancelled'
  | 'subscription.cancellation_scheduled'
  | 'subscription.cancellation_undone'
  | 'subscription.due_date_extended'
  | 'subscription.plan_changed'
  | 'subscription.plan_change_scheduled'
  | 'subscription.renewed'
  | 'invoice.issued';

/** An event row to write: type, payload and its business identity. */
export interface BillingEvent {
  readonly type: BillingEventType;
  readonly payload: Record<string, unknown>;
  /** Business identity (`subscription.activated:42`); defaults to type, subject and request id. */
  readonly dedupeKey?: string;
}

function subjectOf(payload: Record<string, unknown>): string {
  const id = payload.subscriptionId ?? payload.orderId ?? payload.invoiceId ?? '';
  return String(id);
}

/** The outbox row of an event (exported for batched writers, which insert many at once). */
export function eventRow(event: BillingEvent, ctx: Ctx): {
  channel: 'event';
  topic: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
  nextAttemptAt: Date;
} {
  const dedupeKey = (event.dedupeKey ?? `${event.type}:${subjectOf(event.payload)}:${ctx.requestId}`).slice(0, 191);
  return {
    channel: 'event',
    topic: event.type,
    payload: { ...event.payload, occurredAt: ctx.now.toISOString() },
    dedupeKey,
    nextAttemptAt: ctx.now,
  };
}

/** Writes one domain event to the outbox in the caller's transaction; a duplicate dedupe key is a no-op. */
export async function emitEvent(type: BillingEventType, payload: Record<string, unknown>, ctx: Ctx, opts: { dedupeKey?: string } = {}): Promise<void> {
  await emitEvents([{ type, payload, dedupeKey: opts.dedupeKey }], ctx);
}

/** Writes several domain events in one multi-row INSERT (duplicates ignored). */
export async function emitEvents(events: readonly BillingEvent[], ctx: Ctx): Promise<void> {
  if (events.length === 0) return;
  await inTransaction(ctx, async (t) => {
    await OutboxMessage.bulkCreate(
      events.map((e) => eventRow(e, ctx)),
      { transaction: t, ignoreDuplicates: true },
    );
  });
}
