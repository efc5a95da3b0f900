import { config } from '../../config/index.js';
import { DISCORD_CHANNELS, getSetting, type DiscordChannel } from '../settings/index.js';

export type DiscordResult =
  | { ok: true; /** The bucket is empty: wait this long before the next post to the same webhook. */ pauseMs?: number }
  | { ok: false; rateLimited: true; retryAfterMs: number; error: string }
  | { ok: false; rateLimited: false; permanent: boolean; error: string };

/** The webhook of a Discord channel (settings), DISCORD_WEBHOOK_URL for topics that are not a channel; null = not posted. */
export async function discordWebhookUrl(topic: string): Promise<string | null> {
  if ((DISCORD_CHANNELS as readonly string[]).includes(topic)) return getSetting(`discord.webhook_url.${topic as DiscordChannel}`);
  return config().discordWebhookUrl ?? null;
}

/** The body Discord accepts, from an outbox payload; mentions are never parsed (customer text must not ping anyone). */
export function discordBody(payload: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { allowed_mentions: { parse: [] } };
  if (typeof payload.content === 'string') body.content = payload.content.slice(0, 2000);
  if (Array.isArray(payload.embeds)) body.embeds = payload.embeds.slice(0, 10);
  if (typeof payload.username === 'string') body.username = payload.username.slice(0, 80);
  return body;
}

const seconds = (value: unknown): number | null => {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n * 1000) : null;
};

/** Posts to a Discord webhook: 2xx ok; 429 with Discord's retry_after; 5xx and network errors retryable; other 4xx permanent. */
export async function postToDiscord(url: string, body: Record<string, unknown>): Promise<DiscordResult> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    return { ok: false, rateLimited: false, permanent: false, error: `Discord unreachable: ${(err as Error).message}` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    const empty = res.headers.get('x-ratelimit-remaining') === '0';
    const pauseMs = empty ? (seconds(res.headers.get('x-ratelimit-reset-after')) ?? 1000) : undefined;
    return pauseMs ? { ok: true, pauseMs } : { ok: true };
  }
  if (res.status === 429) {
    let retry: number | null = null;
    try {
      retry = seconds((JSON.parse(text) as { retry_after?: unknown }).retry_after);
    } catch {
      retry = null;
    }
    const retryAfterMs = retry ?? seconds(res.headers.get('retry-after')) ?? 5000;
    return { ok: false, rateLimited: true, retryAfterMs, error: `Discord rate limit (429), retry after ${retryAfterMs} ms` };
  }
  return { ok: false, rateLimited: false, permanent: res.status >= 400 && res.status < 500 && res.status !== 408, error: `Discord answered ${res.status}: ${text.slice(0, 300)}` };
}
