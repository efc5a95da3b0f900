import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Json = Record<string, unknown>;

export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  headers: IncomingHttpHeaders;
}

export interface FakeReply {
  status: number;
  body?: unknown;
}

export type Handler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

/** One panel endpoint; `create` marks the request that `createThenDropConnection()` acts on. */
export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
  create?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Json;
}

export interface PanelSpec {
  /** Path prefix of the API (e.g. `/api/v1`); `url` includes it. */
  prefix: string;
  authorize(req: IncomingMessage, url: URL): boolean;
  /** The panel's error body for a status (used for 401, 404, injected failures). */
  errorBody(status: number, message: string): unknown;
  routes: Route[];
}

/** Failure modes and inspection shared by every fake panel. */
export interface FakePanel {
  url: string;
  requests: RecordedRequest[];
  /** The next `n` requests (only those whose `METHOD /path` starts with `only`, if given) answer `status` with the panel's error body. */
  fail(n: number, status?: number, only?: string): void;
  /** The next `n` requests are never answered (the client's timeout fires). */
  timeout(n: number): void;
  /** The next create request changes state, then the socket is destroyed without an answer. */
  createThenDropConnection(): void;
  /** Delay every answer by `ms`. */
  latency(ms: number): void;
  close(): Promise<void>;
}

/** An error thrown from a handler becomes that status with the panel's error body. */
export class FakeHttpError extends Error {
  constructor(readonly status: number, message: string, readonly body?: unknown) {
    super(message);
  }
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.pattern.replace(/:([a-zA-Z_]+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${source}/?$`), keys };
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new FakeHttpError(400, 'Body must be a JSON object');
  return parsed as Json;
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a real HTTP server on an ephemeral port that speaks one panel's API. */
export async function startFakePanel(spec: PanelSpec): Promise<FakePanel> {
  const routes = spec.routes.map(compile);
  const requests: RecordedRequest[] = [];
  const failures: Array<{ status: number; only?: string }> = [];
  let hang = 0;
  let dropNextCreate = false;
  let delay = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake.local');
      if (delay > 0) await sleep(delay);
      if (hang > 0) {
        hang--;
        return;
      }
      const path = url.pathname.startsWith(spec.prefix) ? url.pathname.slice(spec.prefix.length) : '';
      const method = req.method ?? 'GET';
      const failure = failures.findIndex((f) => !f.only || `${method} ${path}`.startsWith(f.only));
      if (failure >= 0) {
        const [{ status }] = failures.splice(failure, 1);
        return send(res, { status, body: spec.errorBody(status, 'Injected failure') });
      }
      if (!spec.authorize(req, url)) return send(res, { status: 401, body: spec.errorBody(401, 'Unauthenticated.') });
      let route: CompiledRoute | undefined;
      let match: RegExpExecArray | null = null;
      for (const candidate of routes) {
        match = candidate.method === method ? candidate.regex.exec(path) : null;
        if (match) {
          route = candidate;
          break;
        }
      }
      try {
        const body = await readBody(req);
        const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'key'));
        requests.push({ method, path, query, body });
        if (!route || !match) throw new FakeHttpError(404, 'The requested resource could not be found.');
        const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]));
        const reply = await route.handler({ method, path, params, query: url.searchParams, body, headers: req.headers });
        if (route.create && dropNextCreate) {
          dropNextCreate = false;
          req.socket.destroy();
          return;
        }
        send(res, reply);
      } catch (err) {
        if (err instanceof FakeHttpError) return send(res, { status: err.status, body: err.body ?? spec.errorBody(err.status, err.message) });
        if (err instanceof SyntaxError) return send(res, { status: 400, body: spec.errorBody(400, 'Malformed JSON') });
        send(res, { status: 500, body: spec.errorBody(500, err instanceof Error ? err.message : 'error') });
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${spec.prefix}`,
    requests,
    fail(n, status = 500, only) {
      for (let i = 0; i < n; i++) failures.push({ status, only });
    },
    timeout(n) {
      hang += n;
    },
    createThenDropConnection() {
      dropNextCreate = true;
    },
    latency(ms) {
      delay = ms;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** True when the request carries `Authorization: Bearer <token>`. */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  return req.headers.authorization === `Bearer ${token}`;
}

/** Reads a positive integer from a JSON body field or route param, or null. */
export function int(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** Reads a non-empty string, or null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A documentation-range IPv4 address for the n-th allocation (RFC 5737). */
export function testIp(n: number): string {
  return `198.51.100.${(n % 250) + 2}`;
}
