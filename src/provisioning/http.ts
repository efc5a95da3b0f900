import http from 'node:http';
import https from 'node:https';
import { ProvisioningError } from '../lib/errors.js';
import type { DriverName } from './driver.js';

/** One HTTP attempt against a panel, for the orchestrator's log: no query string, no bodies, no secrets. */
export interface AttemptLog {
  panel: DriverName;
  method: string;
  /** Path relative to the panel's base URL, without the query string (which may hold an API key). */
  path: string;
  status: number | null;
  durationMs: number;
  ok: boolean;
  errorCode?: string;
  error?: string;
}

export type QueryValue = string | number | boolean | undefined | Array<string | number>;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 on a lookup). */
  allow?: number[];
}

export interface PanelResponse<T> {
  status: number;
  body: T;
  durationMs: number;
}

/** The vendor's own error code and message, read from its error body. */
export interface VendorError {
  code?: string;
  message?: string;
}

export interface PanelHttpOptions {
  panel: DriverName;
  baseUrl: string;
  timeoutMs: number;
  /** Auth headers (e.g. `Authorization: Bearer ...`). */
  headers?: Record<string, string>;
  /** Auth query parameters (SynergyCP's `key`); never logged. */
  authQuery?: Record<string, string>;
  onAttempt?: (log: AttemptLog) => void;
  vendorError: (body: unknown) => VendorError;
}

const MAX_MESSAGE = 300;

/**
 * Kept-alive connections per panel host, at most this many at once.
 * NOTE: node:http rather than fetch: a provisioning run makes thousands of small calls, and fetch costs several times
 * the CPU per call; the socket limit also bounds how hard one run presses one panel.
 */
const MAX_SOCKETS_PER_PANEL = 32;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_PANEL }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_PANEL }),
};

/** One HTTP exchange: resolves with the status and body text, rejects on transport failure or after `timeoutMs` (a `TimeoutError`). */
function send(url: string, req: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, value?: { status: number; text: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value as { status: number; text: string });
    };
    const headers = req.body === undefined ? req.headers : { ...req.headers, 'Content-Length': String(Buffer.byteLength(req.body)) };
    const outgoing = lib.request(target, { method: req.method, headers, agent: target.protocol === 'https:' ? agents['https:'] : agents['http:'] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => finish(err));
      res.on('aborted', () => finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    });
    const timer = setTimeout(() => {
      const err = new Error(`timed out after ${req.timeoutMs} ms`);
      err.name = 'TimeoutError';
      finish(err);
      outgoing.destroy(err);
    }, req.timeoutMs);
    outgoing.on('error', (err) => finish(err));
    outgoing.end(req.body);
  });
}

/** A small JSON client over node:http (kept-alive sockets) that turns every failure into a ProvisioningError. */
export class PanelHttp {
  private readonly base: string;

  constructor(private readonly opts: PanelHttpOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  /** Sends one request; 2xx (and `allow`ed statuses) resolve, everything else throws ProvisioningError. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<PanelResponse<T>> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let status: number | null = null;
    try {
      const hasBody = options.body !== undefined;
      const res = await send(this.url(path, options.query), {
        method,
        headers: {
          Accept: 'application/json',
          ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
          ...this.opts.headers,
        },
        body: hasBody ? JSON.stringify(options.body) : undefined,
        timeoutMs: this.opts.timeoutMs,
      });
      status = res.status;
      const body = parseBody(res.text);
      const durationMs = elapsed();
      if ((res.status >= 200 && res.status < 300) || options.allow?.includes(res.status)) {
        this.log({ method, path, status, durationMs, ok: true });
        return { status: res.status, body: body as T, durationMs };
      }
      throw errorForStatus(this.opts.panel, `${method} ${path}`, res.status, this.opts.vendorError(body));
    } catch (err) {
      const error = err instanceof ProvisioningError ? err : errorForFailure(this.opts.panel, `${method} ${path}`, err, this.opts.timeoutMs);
      this.log({ method, path, status, durationMs: elapsed(), ok: false, errorCode: error.code, error: error.message });
      throw error;
    }
  }

  get<T = unknown>(path: string, options?: RequestOptions): Promise<PanelResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<PanelResponse<T>> {
    return this.request<T>('POST', path, { ...options, body: body ?? {} });
  }

  patch<T = unknown>(path: string, body: unknown, options: RequestOptions = {}): Promise<PanelResponse<T>> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T = unknown>(path: string, options?: RequestOptions): Promise<PanelResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  private url(path: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) value.forEach((v) => params.append(`${key}[]`, String(v)));
      else params.append(key, String(value));
    }
    for (const [key, value] of Object.entries(this.opts.authQuery ?? {})) params.set(key, value);
    const qs = params.toString();
    return `${this.base}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
  }

  private log(entry: Omit<AttemptLog, 'panel' | 'path'> & { path: string }): void {
    if (!this.opts.onAttempt) return;
    try {
      this.opts.onAttempt({ panel: this.opts.panel, ...entry, path: entry.path.split('?')[0] });
    } catch {
      // A broken log sink must never turn a panel success into a failure.
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, MAX_MESSAGE);
  }
}

/** Maps an HTTP error status to our code: 5xx/429 are retryable, other 4xx are not. */
export function errorForStatus(panel: DriverName, summary: string, status: number, vendor: VendorError): ProvisioningError {
  const [code, retryable]: [string, boolean] =
    status >= 500 ? ['panel_server_error', true]
    : status === 429 ? ['panel_rate_limited', true]
    : status === 408 ? ['panel_timeout', true]
    : status === 401 || status === 403 ? ['panel_auth_failed', false]
    : status === 404 ? ['panel_not_found', false]
    : ['panel_rejected', false];
  const detail = vendor.message ? `: ${vendor.message.slice(0, MAX_MESSAGE)}` : '';
  return new ProvisioningError(code, `${panel} ${summary} answered HTTP ${status}${detail}`, {
    vendorCode: vendor.code ?? String(status),
    retryable,
  });
}

/** Maps a transport failure (refused, reset, dropped, timed out) to a retryable error. */
export function errorForFailure(panel: DriverName, summary: string, err: unknown, timeoutMs: number): ProvisioningError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProvisioningError('panel_timeout', `${panel} ${summary} timed out after ${timeoutMs} ms`, { retryable: true, cause: err });
  }
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new ProvisioningError('panel_unreachable', `${panel} ${summary} failed: ${reason}`, { retryable: true, cause: err });
}

/** An unexpected answer from a panel: a person has to look, so it is not retried blindly. */
export function badResponse(panel: DriverName, what: string): ProvisioningError {
  return new ProvisioningError('panel_bad_response', `${panel}: unexpected response (${what})`, { retryable: false });
}

/** Reads `body[key]` when it is an object or array, or throws panel_bad_response. */
export function field<T>(panel: DriverName, body: unknown, key: string): T {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (value === null || typeof value !== 'object') throw badResponse(panel, `no "${key}" object`);
  return value as T;
}
