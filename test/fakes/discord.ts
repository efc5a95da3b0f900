import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DiscordPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The status the fake answered. */
  status: number;
}

/** A Discord webhook endpoint: `POST /api/webhooks/<id>/<token>` answers 204, or what the test injects. */
export interface FakeDiscord {
  /** A webhook URL on this fake (`/api/webhooks/1/<name>`). */
  webhookUrl(name?: string): string;
  /** Every request received (also the refused ones), in order. */
  posts: DiscordPost[];
  /** Accepted posts only. */
  delivered(): DiscordPost[];
  /** The next `n` posts get a 429 with Discord's body `{retry_after}` (seconds). */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  /** The next `n` posts get `status` (500: Discord trouble; 404: webhook deleted). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const posts: DiscordPost[] = [];
  const injected: Array<{ status: number; body: unknown; headers?: Record<string, string> }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (req.method !== 'POST' || !/^\/api\/webhooks\/\d+\/[\w-]+/.test(url)) {
        posts.push({ path: url, headers: req.headers, body, status: 404 });
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Unknown Webhook', code: 10015 }));
        return;
      }
      const next = injected.shift();
      const status = next?.status ?? 204;
      posts.push({ path: url, headers: req.headers, body, status });
      if (!next) return void res.writeHead(204, { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset-after': '1' }).end();
      res.writeHead(status, { 'content-type': 'application/json', ...(next.headers ?? {}) }).end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: (name = 'token') => `http://127.0.0.1:${port}/api/webhooks/1/${name}`,
    posts,
    delivered: () => posts.filter((p) => p.status >= 200 && p.status < 300),
    rateLimitNext(n, retryAfterSeconds) {
      for (let i = 0; i < n; i++) {
        injected.push({ status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false }, headers: { 'retry-after': String(Math.ceil(retryAfterSeconds)) } });
      }
    },
    failNext(n, status = 500) {
      for (let i = 0; i < n; i++) injected.push({ status, body: { message: status === 404 ? 'Unknown Webhook' : 'Internal Server Error' } });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
