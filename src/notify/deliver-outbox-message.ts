import type { Logger } from 'pino';
import { sequelize } from '../db/sequelize.js';
import { clock } from '../lib/clock.js';
import { withTx, type Ctx } from '../lib/context.js';
import { OutboxMessage } from '../models/index.js';
import { discordBody, discordWebhookUrl, postToDiscord } from './discord.js';
import { finishClaim, MAX_ATTEMPTS, nextAttemptAfter, type Claim, type OutboxTable } from './outbox-claim.js';
import { routeDomainEvent } from './route-domain-event.js';

export const DISCORD_TABLE: OutboxTable = { name: 'outbox_messages', busy: 'delivering', filter: { sql: 'channel = :channel', replacements: { channel: 'discord' } } };
export const EVENT_TABLE: OutboxTable = { name: 'outbox_messages', busy: 'delivering', filter: { sql: 'channel = :channel', replacements: { channel: 'event' } } };

export type OutboxOutcome = 'delivered' | 'skipped' | 'rate_limited' | 'retry' | 'failed' | 'lost';

/** Webhook URL -> the time before which nothing more is posted to it (a 429 or an empty bucket), for one job run. */
export type DiscordPauses = Map<string, number>;

async function retryOrFail(table: OutboxTable, claim: Claim, error: string, permanent: boolean, log: Logger): Promise<OutboxOutcome> {
  const now = clock.now();
  const failed = permanent || claim.attempt >= MAX_ATTEMPTS;
  log.warn({ outboxId: claim.id, attempt: claim.attempt, permanent: failed, err: error }, 'outbox delivery failed');
  await finishClaim(table, claim, now, failed ? { status: 'failed', lastError: error } : { status: 'pending', lastError: error, nextAttemptAt: nextAttemptAfter(claim.attempt, now) });
  return failed ? 'failed' : 'retry';
}

/** Posts one claimed Discord row, honouring the webhook's rate limit (a 429 reschedules without counting an attempt). */
export async function deliverDiscordMessage(claim: Claim, pauses: DiscordPauses, log: Logger): Promise<OutboxOutcome> {
  const row = await OutboxMessage.findByPk(claim.id, { rejectOnEmpty: true });
  const url = await discordWebhookUrl(row.topic);
  const now = clock.now();
  if (!url) {
    const done = await finishClaim(DISCORD_TABLE, claim, now, { status: 'delivered', lastError: 'not posted: no Discord webhook configured', columns: { delivered_at: now } });
    return done ? 'skipped' : 'lost';
  }
  const pausedUntil = pauses.get(url) ?? 0;
  if (pausedUntil > now.getTime()) {
    await finishClaim(DISCORD_TABLE, claim, now, { status: 'pending', nextAttemptAt: new Date(pausedUntil), refundAttempt: true, lastError: row.lastError });
    return 'rate_limited';
  }
  const result = await postToDiscord(url, discordBody(row.payload));
  const after = clock.now();
  if (result.ok) {
    if (result.pauseMs) pauses.set(url, after.getTime() + result.pauseMs);
    const done = await finishClaim(DISCORD_TABLE, claim, after, { status: 'delivered', columns: { delivered_at: after } });
    return done ? 'delivered' : 'lost';
  }
  if (result.rateLimited) {
    const until = after.getTime() + result.retryAfterMs;
    pauses.set(url, until);
    await finishClaim(DISCORD_TABLE, claim, after, { status: 'pending', nextAttemptAt: new Date(until), refundAttempt: true, lastError: result.error });
    return 'rate_limited';
  }
  return retryOrFail(DISCORD_TABLE, claim, result.error, result.permanent, log);
}

class LostClaim extends Error {}

/** Fans one claimed domain event out to notifications and marks it delivered, in one transaction. */
export async function deliverDomainEvent(claim: Claim, ctx: Ctx, log: Logger): Promise<OutboxOutcome> {
  const row = await OutboxMessage.findByPk(claim.id, { rejectOnEmpty: true });
  try {
    await sequelize().transaction(async (t) => {
      const now = clock.now();
      await routeDomainEvent(row.topic, row.payload, withTx({ ...ctx, now }, t));
      if (!(await finishClaim(EVENT_TABLE, claim, now, { status: 'delivered', columns: { delivered_at: now }, transaction: t }))) throw new LostClaim();
    });
    return 'delivered';
  } catch (err) {
    if (err instanceof LostClaim) return 'lost';
    return retryOrFail(EVENT_TABLE, claim, err instanceof Error ? err.message : String(err), false, log);
  }
}
