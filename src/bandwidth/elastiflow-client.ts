import { GatewayError } from '../lib/errors.js';
import { getSetting } from '../settings/index.js';

/** Where ElastiFlow keeps its flow records (the "codex" schema): `flow.bytes`, `flow.src.ip.addr`, `flow.dst.ip.addr`, `@timestamp`. */
export const FLOW_INDEX = 'elastiflow-flow-codex-*';
const FIELDS = { bytes: 'flow.bytes', src: 'flow.src.ip.addr', dst: 'flow.dst.ip.addr', time: '@timestamp' } as const;

export interface ElastiFlowDeps {
  /** The Elasticsearch endpoint ElastiFlow writes to (`ELASTIFLOW_URL`). */
  baseUrl: string;
  username?: string | null;
  password?: string | null;
  timeoutMs?: number;
}

/** Bytes seen for one address in a time window: `in` = to the address, `out` = from it. */
export interface IpTraffic {
  bytesIn: number;
  bytesOut: number;
}

interface Bucket {
  key: string;
  bytes?: { value: number | null };
}

interface SearchAnswer {
  aggregations?: { inbound?: { buckets?: Bucket[] }; outbound?: { buckets?: Bucket[] } };
}

/** Elasticsearch's error body: `{error: {type, reason}, status}`. */
function vendorMessage(body: unknown): { type?: string; reason?: string } {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'string') return { reason: error };
  if (!error || typeof error !== 'object') return {};
  const e = error as { type?: unknown; reason?: unknown };
  return { type: typeof e.type === 'string' ? e.type : undefined, reason: typeof e.reason === 'string' ? e.reason : undefined };
}

/** Reads per-address traffic totals from ElastiFlow's flow index with one aggregation search per window. */
export class ElastiFlowClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly deps: ElastiFlowDeps) {
    this.base = deps.baseUrl.replace(/\/+$/, '');
    this.headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (deps.username) this.headers.Authorization = `Basic ${Buffer.from(`${deps.username}:${deps.password ?? ''}`).toString('base64')}`;
  }

  /**
   * Sums `flow.bytes` per address in [from, to): flows towards an address count as its inbound traffic, flows from it as
   * outbound. Addresses without flows are absent from the map.
   */
  async trafficByIp(ips: readonly string[], from: Date, to: Date): Promise<Map<string, IpTraffic>> {
    const result = new Map<string, IpTraffic>();
    if (ips.length === 0 || to <= from) return result;
    const list = [...new Set(ips)];
    const byIp = (field: string): Record<string, unknown> => ({
      terms: { field, include: list, size: list.length },
      aggs: { bytes: { sum: { field: FIELDS.bytes } } },
    });
    const body = {
      size: 0,
      track_total_hits: false,
      query: {
        bool: {
          filter: [{ range: { [FIELDS.time]: { gte: from.getTime(), lt: to.getTime(), format: 'epoch_millis' } } }],
          should: [{ terms: { [FIELDS.dst]: list } }, { terms: { [FIELDS.src]: list } }],
          minimum_should_match: 1,
        },
      },
      aggs: { inbound: byIp(FIELDS.dst), outbound: byIp(FIELDS.src) },
    };
    const answer = await this.search(body);
    const add = (buckets: Bucket[] | undefined, key: keyof IpTraffic): void => {
      for (const bucket of buckets ?? []) {
        const bytes = Math.max(0, Math.round(Number(bucket.bytes?.value ?? 0)));
        const entry = result.get(bucket.key) ?? { bytesIn: 0, bytesOut: 0 };
        entry[key] += bytes;
        result.set(bucket.key, entry);
      }
    };
    if (!answer.aggregations) throw new GatewayError('elastiflow_bad_response', 'ElastiFlow answered without aggregations', { retryable: false });
    add(answer.aggregations.inbound?.buckets, 'bytesIn');
    add(answer.aggregations.outbound?.buckets, 'bytesOut');
    return result;
  }

  private async search(body: unknown): Promise<SearchAnswer> {
    const url = `${this.base}/${FLOW_INDEX}/_search`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: this.headers, body: JSON.stringify(body), signal: AbortSignal.timeout(this.deps.timeoutMs ?? 30_000) });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : err instanceof Error ? ((err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.message) : String(err);
      throw new GatewayError('elastiflow_unreachable', `ElastiFlow search failed: ${reason}`, { retryable: true, cause: err });
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text.slice(0, 300);
    }
    if (!res.ok) {
      const vendor = vendorMessage(parsed);
      const detail = vendor.reason ? `: ${vendor.reason.slice(0, 300)}` : '';
      throw new GatewayError(res.status === 401 || res.status === 403 ? 'elastiflow_auth_failed' : 'elastiflow_error', `ElastiFlow answered HTTP ${res.status}${detail}`, {
        vendorCode: vendor.type ?? String(res.status),
        retryable: res.status >= 500 || res.status === 429,
      });
    }
    if (!parsed || typeof parsed !== 'object') throw new GatewayError('elastiflow_bad_response', 'ElastiFlow answered something that is not JSON', { retryable: false });
    return parsed as SearchAnswer;
  }
}

/** The client configured in settings (`bandwidth.elastiflow_*`, defaulting to ELASTIFLOW_URL/USERNAME/PASSWORD); null when no URL is set. */
export async function elastiFlowFromSettings(): Promise<ElastiFlowClient | null> {
  const baseUrl = await getSetting('bandwidth.elastiflow_url');
  if (!baseUrl) return null;
  return new ElastiFlowClient({
    baseUrl,
    username: await getSetting('bandwidth.elastiflow_username'),
    password: await getSetting('bandwidth.elastiflow_password'),
  });
}
