import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ProvisioningError } from '../../../src/lib/errors.js';
import { PanelHttp, errorForStatus, field, type AttemptLog } from '../../../src/provisioning/http.js';

type Received = { url: string; method: string; headers: IncomingHttpHeaders; body: string };
type Behaviour = { kind: 'answer'; status: number; body: string } | { kind: 'drop' } | { kind: 'hang' };

describe('panel HTTP client', () => {
  let server: Server;
  let baseUrl: string;
  let behaviour: Behaviour;
  let calls: Received[];
  let logs: AttemptLog[];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (behaviour.kind === 'drop') return req.socket.destroy();
        if (behaviour.kind === 'hang') return;
        res.writeHead(behaviour.status).end(behaviour.status === 204 ? undefined : behaviour.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (extra: Partial<ConstructorParameters<typeof PanelHttp>[0]> = {}): PanelHttp => new PanelHttp({
    panel: 'synergycp', baseUrl, timeoutMs: 200, authQuery: { key: 'sekret' },
    onAttempt: (l) => logs.push(l), vendorError: (b) => ({ code: (b as { code?: string })?.code, message: (b as { error?: string })?.error }), ...extra,
  });
  const answer = (status: number, body: string): void => {
    behaviour = { kind: 'answer', status, body };
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

  it('when a call succeeds, then the JSON body, status and duration come back and the log has no query string', async () => {
    answer(200, '{"data":{"id":3}}');
    const res = await client().get('/server', { query: { billing_id: 'ezs-svc-1', disks: ['a', 'b'], skip: undefined } });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ data: { id: 3 } });
    expect(calls[0].url).to.equal('/api/server?billing_id=ezs-svc-1&disks%5B%5D=a&disks%5B%5D=b&key=sekret');
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include({ panel: 'synergycp', method: 'GET', path: '/server', status: 200, ok: true });
    expect(JSON.stringify(logs)).not.to.contain('sekret');
  });

  it('when a body is sent, then it is JSON with a content type; an empty answer is null', async () => {
    answer(204, '');
    const res = await client({ headers: { Authorization: 'Bearer t' } }).post('/things', { a: 1 });
    expect(res.body).to.equal(null);
    expect(calls[0].body).to.equal('{"a":1}');
    expect(calls[0].headers).to.include({ 'content-type': 'application/json', authorization: 'Bearer t', accept: 'application/json' });
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
    behaviour = { kind: 'drop' };
    const err = await caught(client().post('/server/provision', {}));
    expect(err).to.include({ code: 'panel_unreachable', retryable: true });
    expect(err.message).to.equal('synergycp POST /server/provision failed: ECONNRESET');
    expect(logs[0]).to.include({ status: null, ok: false, errorCode: 'panel_unreachable' });
  });

  it('when the panel is too slow, then the call is aborted as a retryable timeout', async () => {
    behaviour = { kind: 'hang' };
    const err = await caught(client({ timeoutMs: 50 }).get('/slow'));
    expect(err).to.include({ code: 'panel_timeout', retryable: true });
    expect(err.message).to.contain('timed out after 50 ms');
    expect(logs[0]).to.include({ status: null, ok: false, errorCode: 'panel_timeout' });
  });

  it('when nothing listens, then the error is retryable and names the refusal', async () => {
    const err = await caught(client({ baseUrl: 'http://127.0.0.1:1/' }).get('/x'));
    expect(err).to.include({ code: 'panel_unreachable', retryable: true });
    expect(err.message).to.contain('ECONNREFUSED');
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
