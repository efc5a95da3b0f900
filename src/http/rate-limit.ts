import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { config } from '../../config/index.js';
import { RateLimitError } from '../lib/errors.js';
import { getRedis } from './redis.js';

export interface RateLimiterOptions {
  /** Names the counter (Redis key prefix `rl:<name>:`); one name per limiter. */
  name: string;
  windowMs: number;
  /** Requests allowed per key and window. */
  limit: number;
  /** What is counted; the client's IP (IPv6 by /56) by default. */
  key?: (req: Request) => string;
}

/** A Redis-backed express-rate-limit store that connects on first use (no connection at import time). */
class LazyRedisStore implements Store {
  readonly localKeys = false;
  private options?: Options;
  private store?: Promise<RedisStore>;

  constructor(readonly prefix: string) {}

  init(options: Options): void {
    this.options = options;
  }

  private redisStore(): Promise<RedisStore> {
    this.store ??= (async () => {
      const store = new RedisStore({
        prefix: this.prefix,
        sendCommand: async (...args: string[]) => {
          const client = await getRedis();
          if (!client) throw new Error('REDIS_URL is not configured');
          return client.sendCommand(args) as Promise<never>;
        },
      });
      if (this.options) store.init(this.options);
      return store;
    })();
    return this.store;
  }

  async increment(key: string): Promise<IncrementResponse> {
    return (await this.redisStore()).increment(key);
  }

  async decrement(key: string): Promise<void> {
    await (await this.redisStore()).decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    await (await this.redisStore()).resetKey(key);
  }
}

/**
 * A rate limiter middleware: Redis counters when REDIS_URL is configured (shared by every web
 * process), in memory otherwise. Over the limit it passes a RateLimitError (429) to the error
 * handler, which renders `errors/429` or problem+json.
 */
export function rateLimiter(opts: RateLimiterOptions): RequestHandler {
  const key = opts.key;
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: key ? (req) => key(req) : (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    store: config().redisUrl ? new LazyRedisStore(`rl:${opts.name}:`) : undefined,
    handler: (_req, _res, next) => next(new RateLimitError()),
  });
}
