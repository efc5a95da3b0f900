import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { OutboxMessage } from '../../models/index.js';

/** A payments event for the #payments Discord channel (events the staff-notification catalog lacks). */
export interface PaymentsPost {
  readonly event: string;
  /** Business identity (`dispute.opened:stripe:dp_1`): a repeat is a no-op. */
  readonly dedupeKey: string;
  readonly title: string;
  readonly body: string;
  readonly fields?: Array<{ name: string; value: string }>;
  readonly data?: Record<string, unknown>;
}

const COLORS: Record<string, number> = { 'dispute.closed': 0x2563eb };

/** Writes the outbox row (channel 'discord', topic 'payments') in the caller's transaction; false when already written. */
export async function postPaymentsDiscord(notice: PaymentsPost, ctx: Ctx): Promise<boolean> {
  if (await OutboxMessage.findOne({ where: { dedupeKey: notice.dedupeKey }, attributes: ['id'], transaction: ctx.transaction })) return false;
  try {
    await OutboxMessage.create(
      {
        channel: 'discord',
        topic: 'payments',
        payload: {
          event: notice.event,
          ...notice.data,
          content: notice.title,
          embeds: [{ title: notice.title, description: notice.body.slice(0, 2000), color: COLORS[notice.event] ?? 0x6b7280, fields: (notice.fields ?? []).map((f) => ({ ...f, inline: true })) }],
        },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: ctx.now,
        dedupeKey: notice.dedupeKey.slice(0, 191),
      },
      { transaction: ctx.transaction },
    );
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
