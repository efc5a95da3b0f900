import { expect } from 'chai';
import { ProvisioningError } from '../../../src/lib/errors.js';
import { PanelHttp, errorForStatus, field, type AttemptLog } from '../../../src/provisioning/http.js';

type FetchArgs = { url: string; init: RequestInit };

describe('panel HTTP client', () => {
  const realFetch = globalThis.fetch;
  let calls: FetchArgs[];
  let logs: AttemptLog[];

  const client = (extra: Partial<ConstructorParameters<typeof PanelHttp>[0]> = {}): PanelHttp => new PanelHttp({
    panel: 'synergycp', baseUrl: 'https://api.panel.test/', timeoutMs: 50, authQuery: { key: 'sekret' },
    onAttempt: (l) => logs.push(l), vendorError: (b) => ({ code: (b as { code?: string })?.code, message: (b as { error?: string })?.error }), ...extra,
  });
  const answer = (status: number, body: string): void => {
    globalThis.fetch = (async (url: string | URL, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(status === 204 ? null : body, { status });
    }) as typeof fetch;
  };
  const failWith = (err: unknown): void => {
    globalThis.fetch = (async () => {
      throw err;
    }) as typeof fetch;
  };
  const caught = async (p: Promise<unknown>): Promise<ProvisioningError> => {
    try {
      await p;
    } catch (err) {
      expect(err).to.be.instanceOf(ProvisioningError);
      return err as ProvisioningError;
    }
    throw new Error('expected a rejection');
  };

  beforeEach(() => {
    calls = [];
    logs = [];
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('when a call succeeds, then the JSON body, status and duration come back and the log has no query string', async () => {
    answer(200, '{"data":{"id":3}}');
    const res = await client().get('/server', { query: { billing_id: 'ezs-svc-1', disks: ['a', 'b'], skip: undefined } });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ data: { id: 3 } });
    expect(calls[0].url).to.equal('https://api.panel.test/server?billing_id=ezs-svc-1&disks%5B%5D=a&disks%5B%5D=b&key=sekret');
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include({ panel: 'synergycp', method: 'GET', path: '/server', status: 200, ok: true });
    expect(JSON.stringify(logs)).not.to.contain('sekret');
  });

  it('when a body is sent, then it is JSON with a content type; an empty answer is null', async () => {
    answer(204, '');
    const res = await client({ headers: { Authorization: 'Bearer t' } }).post('/things', { a: 1 });
    expect(res.body).to.equal(null);
    expect(calls[0].init.body).to.equal('{"a":1}');
    expect(calls[0].init.headers).to.include({ 'Content-Type': 'application/json', Authorization: 'Bearer t' });
  });

  it('when a status is allowed, then it comes back instead of being thrown', async () => {
    answer(404, '{"error":"gone"}');
    expect((await client().get('/server/1', { allow: [404] })).status).to.equal(404);
  });

  it('when the panel answers 5xx or 429, then the error is retryable and keeps the vendor code and message', async () => {
    answer(503, '{"code":"maintenance","error":"down for maintenance"}');
    const err = await caught(client().get('/server/1'));
    expect(err).to.include({ code: 'panel_server_error', retryable: true, vendorCode: 'maintenance' });
    expect(err.message).to.equal('synergycp GET /server/1 answered HTTP 503: down for maintenance');
    expect(logs[0]).to.include({ ok: false, status: 503, errorCode: 'panel_server_error' });
    answer(429, 'slow down');
    expect(await caught(client().get('/x'))).to.include({ code: 'panel_rate_limited', retryable: true, vendorCode: '429' });
  });

  it('when the panel answers 4xx, then the error is not retryable', () => {
    expect(errorForStatus('enhance', 'GET /a', 401, {})).to.include({ code: 'panel_auth_failed', retryable: false });
    expect(errorForStatus('enhance', 'GET /a', 403, {})).to.include({ code: 'panel_auth_failed', retryable: false });
    expect(errorForStatus('enhance', 'GET /a', 404, {})).to.include({ code: 'panel_not_found', retryable: false });
    expect(errorForStatus('enhance', 'GET /a', 422, { code: 'invalid' })).to.include({ code: 'panel_rejected', retryable: false, vendorCode: 'invalid' });
    expect(errorForStatus('enhance', 'GET /a', 408, {})).to.include({ code: 'panel_timeout', retryable: true });
  });

  it('when the connection fails, then the error is retryable and names the reason but not the key', async () => {
    failWith(new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }));
    const err = await caught(client().post('/server/provision', {}));
    expect(err).to.include({ code: 'panel_unreachable', retryable: true });
    expect(err.message).to.equal('synergycp POST /server/provision failed: ECONNRESET');
    expect(logs[0]).to.include({ status: null, ok: false, errorCode: 'panel_unreachable' });
  });

  it('when the panel is too slow, then the call is aborted as a retryable timeout', async () => {
    globalThis.fetch = ((_url: string, init: RequestInit) => new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    })) as typeof fetch;
    const err = await caught(client().get('/slow'));
    expect(err).to.include({ code: 'panel_timeout', retryable: true });
    expect(err.message).to.contain('timed out after 50 ms');
  });

  it('when the log sink throws, then the call still succeeds', async () => {
    answer(200, '{}');
    const res = await client({ onAttempt: () => { throw new Error('log down'); } }).get('/ok');
    expect(res.status).to.equal(200);
  });

  it('when a response lacks the expected object, then it is a non-retryable bad response', () => {
    expect(field('virtfusion', { data: { id: 1 } }, 'data')).to.deep.equal({ id: 1 });
    expect(() => field('virtfusion', { data: null }, 'data')).to.throw(ProvisioningError).with.property('code', 'panel_bad_response');
    expect(() => field('virtfusion', 'oops', 'data')).to.throw(ProvisioningError).with.property('retryable', false);
  });
});
