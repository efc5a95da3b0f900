// A fake PayPal REST API on an ephemeral port: OAuth client credentials, Orders v2 (create, get,
// capture), captures refund, and verify-webhook-signature. `PayPal-Request-Id` is honoured like
// PayPal does: the same id on the same call replays the first answer instead of acting twice.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { clock } from '../../../src/lib/clock.js';
import {
  captureObject, errorBody, FAKE_PAYER, fromUnits, link, paypalId, refundObject, toUnits,
  type PaypalObject, type WireMoney,
} from './objects.js';
import { WebhookSigner, type PaypalDelivery } from './webhooks.js';

export type { PaypalDelivery } from './webhooks.js';

/** What the next capture does: complete (default), pend, get declined, or fail with a 422 issue. */
export type CaptureOutcome = { kind: 'complete' } | { kind: 'pending' } | { kind: 'declined' } | { kind: 'error'; issue: string; description?: string };

/** The running fake and its knobs. */
export interface FakePaypal {
  url: string;
  clientId: string;
  clientSecret: string;
  webhookId: string;
  /** Delay before each API answer, in ms. */
  latencyMs: number;
  requests: Array<{ method: string; path: string; requestId: string | null }>;
  /** The buyer approves the order on PayPal (what the approval page does). */
  approveOrder(orderId: string): PaypalObject;
  nextCapture(outcome: CaptureOutcome): void;
  /** Answers the next `count` API requests with HTTP `status` before doing anything. */
  failNext(count: number, status?: number): void;
  counts(): { tokens: number; orders: number; captures: number; refunds: number; verifications: number };
  get(id: string): PaypalObject | undefined;
  /** A delivery signed by the fake for `webhookId` (default: this fake's webhook id). */
  webhook(eventType: string, resource: Record<string, unknown>, opts?: { webhookId?: string; resourceType?: string }): PaypalDelivery;
  close(): Promise<void>;
}

class Answer extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String(body.name));
  }
}

const unprocessable = (issue: string, description: string, links?: unknown[]) =>
  new Answer(422, errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed, semantically incorrect, or failed business validation.', issue, description, links));
const notFound = (id: string) => new Answer(404, errorBody('RESOURCE_NOT_FOUND', 'The specified resource does not exist.', 'INVALID_RESOURCE_ID', `Specified resource ID ${id} does not exist.`));

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakePaypal(options: { clientId?: string; clientSecret?: string; webhookId?: string } = {}): Promise<FakePaypal> {
  const clientId = options.clientId ?? 'fake-client-id';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const webhookId = options.webhookId ?? '1JE4291016473214C';
  let url = '';
  const objects = new Map<string, PaypalObject>();
  const tokens = new Set<string>();
  const replays = new Map<string, { status: number; body: string }>();
  const outcomes: CaptureOutcome[] = [];
  const counts = { tokens: 0, orders: 0, captures: 0, refunds: 0 };
  const signer = new WebhookSigner(() => url);
  let failures = { count: 0, status: 500 };
  const now = () => clock.now().toISOString();

  const find = (id: string, kind: string): PaypalObject => {
    const found = objects.get(id);
    if (!found || found._kind !== kind) throw notFound(id);
    return found;
  };
  const visible = (o: PaypalObject) => Object.fromEntries(Object.entries(o).filter(([key]) => !key.startsWith('_')));
  const unitOf = (order: PaypalObject) => (order.purchase_units as Array<Record<string, unknown>>)[0];

  function createOrder(body: Record<string, unknown>, prefer: string | undefined): [number, unknown] {
    const units = body.purchase_units as Array<Record<string, unknown>> | undefined;
    const amount = units?.[0]?.amount as WireMoney | undefined;
    if (!['CAPTURE', 'AUTHORIZE'].includes(String(body.intent)) || !amount?.currency_code || amount.value === undefined) {
      throw new Answer(400, errorBody('INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.', 'MISSING_REQUIRED_PARAMETER', 'A required field / parameter is missing.'));
    }
    const units0 = toUnits(amount);
    if (units0 === null) {
      const whole = /^\d+$/.test(String(amount.value).split('.')[0] ?? '') && ['HUF', 'JPY', 'TWD'].includes(amount.currency_code);
      throw unprocessable(whole ? 'DECIMALS_NOT_SUPPORTED' : 'DECIMAL_PRECISION', 'If the currency supports decimals, only two decimal place precision is supported.');
    }
    if (units0 <= 0n) throw unprocessable('CANNOT_BE_ZERO_OR_NEGATIVE', 'Must be greater than zero.');
    const id = paypalId();
    const context = ((body.payment_source as Record<string, Record<string, unknown>> | undefined)?.paypal?.experience_context ?? {}) as Record<string, unknown>;
    const viaSource = body.payment_source !== undefined;
    const order: PaypalObject = {
      id, intent: body.intent, status: viaSource ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
      ...(viaSource ? { payment_source: { paypal: {} } } : {}),
      purchase_units: (units ?? []).map((unit, index) => ({
        reference_id: unit.reference_id ?? (index === 0 ? 'default' : String(index)), amount: unit.amount,
        payee: { email_address: 'merchant@example.com', merchant_id: 'FAKEMERCHANT01' },
        ...(unit.description ? { description: unit.description } : {}), ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
        ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
      })),
      create_time: now(),
      links: [link(`${url}/v2/checkout/orders/${id}`, 'self'), link(`${url}/checkoutnow?token=${id}`, viaSource ? 'payer-action' : 'approve'), link(`${url}/v2/checkout/orders/${id}`, 'update', 'PATCH'), link(`${url}/v2/checkout/orders/${id}/capture`, 'capture', 'POST')],
      _kind: 'order', _returnUrl: context.return_url, _cancelUrl: context.cancel_url,
    };
    objects.set(id, order);
    counts.orders += 1;
    const minimal = { id, status: order.status, ...(viaSource ? { payment_source: { paypal: {} } } : {}), links: order.links };
    return [201, prefer === 'return=representation' ? visible(order) : minimal];
  }

  function approve(orderId: string): PaypalObject {
    const order = find(orderId, 'order');
    if (!['CREATED', 'PAYER_ACTION_REQUIRED'].includes(String(order.status))) throw unprocessable('ORDER_ALREADY_APPROVED', 'Order already approved.');
    return Object.assign(order, { status: 'APPROVED', payer: FAKE_PAYER, payment_source: { paypal: { email_address: FAKE_PAYER.email_address, account_id: FAKE_PAYER.payer_id, account_status: 'VERIFIED', name: FAKE_PAYER.name, address: FAKE_PAYER.address } }, update_time: now() });
  }

  function capture(orderId: string): [number, unknown] {
    const order = find(orderId, 'order');
    if (order.status === 'COMPLETED') throw unprocessable('ORDER_ALREADY_CAPTURED', 'Order already captured. If intent is CAPTURE only one capture per order is allowed.');
    const approveLink = (order.links as Array<{ rel: string; href: string }>).find((l) => l.rel === 'approve' || l.rel === 'payer-action');
    if (order.status !== 'APPROVED') {
      throw unprocessable('ORDER_NOT_APPROVED', "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.");
    }
    const outcome = outcomes.shift() ?? { kind: 'complete' };
    if (outcome.kind === 'error') {
      throw unprocessable(outcome.issue, outcome.description ?? outcome.issue, outcome.issue === 'INSTRUMENT_DECLINED' && approveLink ? [link(approveLink.href, 'redirect')] : undefined);
    }
    const status = outcome.kind === 'pending' ? 'PENDING' : outcome.kind === 'declined' ? 'DECLINED' : 'COMPLETED';
    const made = { ...captureObject(url, order.id, unitOf(order), status, now()), _kind: 'capture', _refunded: 0n };
    objects.set(made.id, made);
    if (status !== 'DECLINED') counts.captures += 1;
    unitOf(order).payments = { captures: [visible(made)] };
    Object.assign(order, { status: 'COMPLETED', update_time: now() });
    return [201, visible(order)];
  }

  function refund(captureId: string, body: Record<string, unknown>): [number, unknown] {
    const made = find(captureId, 'capture');
    const total = toUnits(made.amount as WireMoney) ?? 0n;
    const left = total - (made._refunded as bigint);
    if (!['COMPLETED', 'PARTIALLY_REFUNDED'].includes(String(made.status)) || left <= 0n) {
      throw unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded');
    }
    const currency = (made.amount as WireMoney).currency_code;
    const asked = body.amount as WireMoney | undefined;
    if (asked && asked.currency_code !== currency) throw unprocessable('REFUND_CAPTURE_CURRENCY_MISMATCH', 'Refund must be in the same currency as the capture.');
    const units = asked ? toUnits(asked) : left;
    if (units === null) throw unprocessable('DECIMAL_PRECISION', 'If the currency supports decimals, only two decimal place precision is supported.');
    if (units <= 0n) throw unprocessable('CANNOT_BE_ZERO_OR_NEGATIVE', 'Must be greater than zero.');
    if (units > left) throw unprocessable('REFUND_AMOUNT_EXCEEDED', 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.');
    made._refunded = (made._refunded as bigint) + units;
    made.status = made._refunded === total ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    const done = { ...refundObject(url, made, fromUnits(units, currency), body.note_to_payer as string | undefined, now()), _kind: 'refund' };
    objects.set(done.id, done);
    counts.refunds += 1;
    return [201, visible(done)];
  }

  function token(req: IncomingMessage, raw: string): [number, unknown] {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected || !new URLSearchParams(raw).has('grant_type')) {
      return [401, { error: 'invalid_client', error_description: 'Client Authentication failed' }];
    }
    const access = `A21AA${randomBytes(24).toString('hex')}`;
    tokens.add(access);
    counts.tokens += 1;
    return [200, { scope: 'https://uri.paypal.com/services/payments/payment', access_token: access, token_type: 'Bearer', app_id: 'APP-FAKE', expires_in: 32400, nonce: `${now()}fake` }];
  }

  function route(method: string, path: string, body: Record<string, unknown>, prefer: string | undefined): [number, unknown] {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v2/checkout/orders') return createOrder(body, prefer);
    if (method === 'GET' && (m = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path))) return [200, visible(find(m[1], 'order'))];
    if (method === 'POST' && (m = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path))) return capture(m[1]);
    if (method === 'GET' && (m = /^\/v2\/payments\/captures\/([^/]+)$/.exec(path))) return [200, visible(find(m[1], 'capture'))];
    if (method === 'POST' && (m = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path))) return refund(m[1], body);
    if (method === 'GET' && (m = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(path))) return [200, visible(find(m[1], 'refund'))];
    if (method === 'POST' && path === '/v1/notifications/verify-webhook-signature') {
      const answer = signer.verify(body);
      return [answer.status, answer.body];
    }
    return [404, errorBody('RESOURCE_NOT_FOUND', `No route for ${method} ${path} (fake)`)];
  }

  function hosted(req: IncomingMessage, res: ServerResponse, parsed: URL): void {
    const orderId = parsed.searchParams.get('token') ?? '';
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Fake PayPal</title><form method="post"><button>Pay Now</button></form>');
      return;
    }
    try {
      const order = approve(orderId);
      const target = new URL(String(order._returnUrl ?? `${url}/`));
      target.searchParams.set('token', orderId);
      target.searchParams.set('PayerID', FAKE_PAYER.payer_id);
      res.writeHead(303, { location: target.toString() }).end();
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : 'failed');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': randomBytes(6).toString('hex') }).end(body);
    };
    if (parsed.pathname === '/checkoutnow') return hosted(req, res, parsed);
    const requestId = typeof req.headers['paypal-request-id'] === 'string' ? req.headers['paypal-request-id'] : null;
    fake.requests.push({ method, path: parsed.pathname, requestId });
    if (failures.count > 0) {
      failures.count -= 1;
      return send(failures.status, JSON.stringify(errorBody('INTERNAL_SERVER_ERROR', 'An internal server error occurred (fake).')));
    }
    if (fake.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.latencyMs));
    if (parsed.pathname === '/v1/oauth2/token') {
      const [status, body] = token(req, raw);
      return send(status, JSON.stringify(body));
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) return send(401, JSON.stringify({ error: 'invalid_token', error_description: 'Token signature verification failed' }));
    const replayKey = requestId && method === 'POST' ? `${parsed.pathname} ${requestId}` : null;
    const replay = replayKey ? replays.get(replayKey) : undefined;
    if (replay) return send(replay.status === 201 ? 200 : replay.status, replay.body);
    let status: number;
    let body: unknown;
    try {
      [status, body] = route(method, parsed.pathname, raw.trim() === '' ? {} : (JSON.parse(raw) as Record<string, unknown>), String(req.headers.prefer ?? ''));
    } catch (err) {
      if (!(err instanceof Answer)) throw err;
      [status, body] = [err.status, err.body];
    }
    const text = JSON.stringify(body);
    if (replayKey && status < 300) replays.set(replayKey, { status, body: text });
    send(status, text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody('INTERNAL_SERVER_ERROR', err instanceof Error ? err.message : 'fake crashed')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakePaypal = {
    url, clientId, clientSecret, webhookId, latencyMs: 0, requests: [],
    approveOrder: (orderId) => visible(approve(orderId)) as PaypalObject,
    nextCapture: (outcome) => void outcomes.push(outcome),
    failNext: (count, status = 500) => void (failures = { count, status }),
    counts: () => ({ ...counts, verifications: signer.verifications }),
    get: (id) => {
      const found = objects.get(id);
      return found ? (visible(found) as PaypalObject) : undefined;
    },
    webhook: (eventType, resource, opts = {}) => signer.sign(eventType, resource, opts.webhookId ?? webhookId, opts),
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
  return fake;
}
