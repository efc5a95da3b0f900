import { FakeHttpError, startFakePanel, type FakePanel, type Json } from '../panels/base.js';

/** One ElastiFlow flow record (codex schema field names, as stored in `elastiflow-flow-codex-*`). */
export interface FlowRecord {
  '@timestamp': number;
  'flow.bytes': number;
  'flow.src.ip.addr': string;
  'flow.dst.ip.addr': string;
}

export interface FakeElastiFlow extends FakePanel {
  username: string;
  password: string;
  flows: FlowRecord[];
  /** Records a flow of `bytes` from `src` to `dst` at `at`. */
  addFlow(flow: { at: Date; src: string; dst: string; bytes: number }): void;
  /** Search bodies received (to assert what was asked). */
  searches: Json[];
}

/** Elasticsearch's error body. */
function errorBody(status: number, reason: string): unknown {
  const type = status === 401 ? 'security_exception' : status === 400 ? 'parsing_exception' : status === 404 ? 'index_not_found_exception' : 'search_phase_execution_exception';
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

const bad = (reason: string): FakeHttpError => new FakeHttpError(400, reason, errorBody(400, reason));

type Filter = (flow: FlowRecord) => boolean;

/** The query subset ElastiFlow searches use here: bool with range filters and terms (filter, should, minimum_should_match). */
function compileQuery(query: unknown): Filter {
  if (query === undefined) return () => true;
  if (!query || typeof query !== 'object') throw bad('[query] malformed');
  const q = query as Json;
  if (q.range && typeof q.range === 'object') {
    const [field, spec] = Object.entries(q.range as Json)[0] ?? [];
    const r = (spec ?? {}) as Json;
    if (field !== '@timestamp') throw bad(`range on unknown field [${String(field)}]`);
    if (r.format !== undefined && r.format !== 'epoch_millis') throw bad(`unsupported date format [${String(r.format)}]`);
    const gte = r.gte === undefined ? -Infinity : Number(r.gte);
    const lt = r.lt === undefined ? Infinity : Number(r.lt);
    if (!Number.isFinite(gte) && gte !== -Infinity) throw bad('[range] gte must be epoch millis');
    return (f) => f['@timestamp'] >= gte && f['@timestamp'] < lt;
  }
  if (q.terms && typeof q.terms === 'object') {
    const [field, values] = Object.entries(q.terms as Json)[0] ?? [];
    if (!Array.isArray(values)) throw bad('[terms] query requires an array of values');
    const set = new Set(values.map(String));
    return (f) => set.has(String((f as unknown as Json)[String(field)]));
  }
  if (q.bool && typeof q.bool === 'object') {
    const b = q.bool as Json;
    const list = (v: unknown): Filter[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(compileQuery));
    const must = [...list(b.filter), ...list(b.must)];
    const should = list(b.should);
    const minimum = b.minimum_should_match === undefined ? (must.length > 0 ? 0 : 1) : Number(b.minimum_should_match);
    return (f) => must.every((m) => m(f)) && (should.length === 0 || should.filter((s) => s(f)).length >= minimum);
  }
  throw bad(`unknown query [${Object.keys(q)[0] ?? ''}]`);
}

/** Terms aggregations (with `include` and a `sum` sub-aggregation), the shape ElastiFlow dashboards and our client use. */
function aggregate(aggs: Json, docs: FlowRecord[]): Json {
  const out: Json = {};
  for (const [name, spec] of Object.entries(aggs)) {
    const s = spec as Json;
    const terms = s.terms as Json | undefined;
    if (!terms || typeof terms.field !== 'string') throw bad(`aggregation [${name}] must be a terms aggregation`);
    const field = terms.field;
    const include = Array.isArray(terms.include) ? new Set(terms.include.map(String)) : null;
    const size = typeof terms.size === 'number' ? terms.size : 10;
    const groups = new Map<string, FlowRecord[]>();
    for (const doc of docs) {
      const key = String((doc as unknown as Json)[field] ?? '');
      if (!key || (include && !include.has(key))) continue;
      groups.set(key, [...(groups.get(key) ?? []), doc]);
    }
    const buckets = [...groups.entries()].map(([key, rows]) => {
      const bucket: Json = { key, doc_count: rows.length };
      for (const [subName, sub] of Object.entries((s.aggs ?? {}) as Json)) {
        const sum = (sub as Json).sum as Json | undefined;
        if (!sum || typeof sum.field !== 'string') throw bad(`sub-aggregation [${subName}] must be a sum`);
        bucket[subName] = { value: rows.reduce((acc, r) => acc + Number((r as unknown as Json)[sum.field as string] ?? 0), 0) };
      }
      return bucket;
    });
    buckets.sort((a, b) => Number(b.doc_count) - Number(a.doc_count));
    out[name] = { doc_count_error_upper_bound: 0, sum_other_doc_count: Math.max(0, buckets.length - size), buckets: buckets.slice(0, size) };
  }
  return out;
}

/** Starts a fake ElastiFlow (its Elasticsearch `_search` API on `elastiflow-flow-codex-*`, HTTP Basic auth). */
export async function startFakeElastiFlow(username = 'elastic', password = 'flow-secret'): Promise<FakeElastiFlow> {
  const flows: FlowRecord[] = [];
  const searches: Json[] = [];
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const panel = await startFakePanel({
    prefix: '',
    authorize: (req) => req.headers.authorization === expected,
    errorBody,
    routes: [
      {
        method: 'POST', pattern: '/:index/_search',
        handler: ({ params, body }) => {
          if (!params.index.startsWith('elastiflow-flow-codex')) throw new FakeHttpError(404, `no such index [${params.index}]`);
          searches.push(body);
          const docs = flows.filter(compileQuery(body.query));
          return {
            status: 200,
            body: {
              took: 3, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
              hits: { total: { value: docs.length, relation: 'eq' }, max_score: null, hits: [] },
              ...(body.aggs ? { aggregations: aggregate(body.aggs as Json, docs) } : {}),
            },
          };
        },
      },
    ],
  });
  return {
    ...panel,
    username,
    password,
    flows,
    searches,
    addFlow({ at, src, dst, bytes }) {
      flows.push({ '@timestamp': at.getTime(), 'flow.bytes': bytes, 'flow.src.ip.addr': src, 'flow.dst.ip.addr': dst });
    },
  };
}
