// A fake Stripe API on an ephemeral port. It speaks Stripe's form-encoded v1 API for what our rails
// use, honours idempotency keys like Stripe (same key + same params -> the same answer replayed,
// other params -> 400, concurrent -> 409), and signs webhook deliveries with the real algorithm.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { clock } from '../../../src/lib/clock.js';
import { int, obj, parseForm, str, strings, type Form } from './form.js';
import { stripeId, type StripeObject } from './objects.js';
import { FakeStripeState, invalid, StripeFakeError, type ChargeOutcome } from './state.js';

export type { ChargeOutcome } from './state.js';

/** A signed webhook delivery, ready to hand to the gateway (or to POST to an endpoint). */
export interface SignedDelivery {
  rawBody: string;
  headers: Record<string, string>;
  event: Record<string, unknown>;
}

/** The running fake and its knobs. */
export interface FakeStripe {
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Delay before each API answer, in ms. */
  latencyMs: number;
  /** Every API request received: method, path, idempotency key. */
  requests: Array<{ method: string; path: string; idempotencyKey: string | null }>;
  /** Queues what the next PaymentIntent confirmation does (default: succeed). */
  nextCharge(outcome: ChargeOutcome): void;
  /** Answers the next `count` API requests with HTTP `status` (Stripe api_error) before doing anything. */
  failNext(count: number, status?: number): void;
  /** Objects created so far, by kind (charges = successful charges). */
  counts(): FakeStripeState['counts'];
  /** Any object by id. */
  get(id: string): StripeObject | undefined;
  /** Saves a card on a customer, as if through Checkout in setup mode. */
  addPaymentMethod(customer: string, card?: Parameters<FakeStripeState['addPaymentMethod']>[1]): StripeObject;
  /** Marks a customer deleted in Stripe. */
  deleteCustomer(id: string): void;
  /** The customer completes the hosted Checkout page. */
  completeCheckout(sessionId: string): StripeObject;
  /** The customer passes 3-D Secure for a PaymentIntent in requires_action. */
  authenticate(intentId: string): StripeObject;
  /** A signed delivery of a `type` event about `object`; `timestamp` in seconds (default: our clock). */
  webhook(type: string, object: Record<string, unknown>, opts?: { timestamp?: number; secret?: string }): SignedDelivery;
  close(): Promise<void>;
}

type Handler = (params: string[], form: Form, query: URLSearchParams) => unknown;

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeStripe(options: { secretKey?: string; webhookSecret?: string } = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? 'sk_test_fake_ezscale';
  const webhookSecret = options.webhookSecret ?? 'whsec_fake_ezscale';
  let url = '';
  const state = new FakeStripeState(() => url, () => Math.floor(clock.now().getTime() / 1000));
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  const inFlight = new Set<string>();
  let failures = { count: 0, status: 500 };

  const list = (data: StripeObject[], path: string) => ({ object: 'list', data, has_more: false, url: path });
  const methodsOf = (customer: string | undefined) =>
    [...state.objects.values()].filter((o) => o.object === 'payment_method' && (customer === undefined || o.customer === customer));

  const routes: Array<[string, RegExp, Handler]> = [
    ['POST', /^\/v1\/customers$/, (_p, f) => state.createCustomer({ email: str(f, 'email'), name: str(f, 'name'), metadata: strings(f, 'metadata') })],
    ['GET', /^\/v1\/customers\/([^/]+)$/, ([id]) => state.find(id, 'customer')],
    ['GET', /^\/v1\/customers\/([^/]+)\/payment_methods$/, ([id], _f, q) => list(methodsOf(state.find(id, 'customer').id).filter((m) => !q.get('type') || m.type === q.get('type')), `/v1/customers/${id}/payment_methods`)],
    ['GET', /^\/v1\/payment_methods$/, (_p, _f, q) => list(methodsOf(q.get('customer') ?? undefined), '/v1/payment_methods')],
    ['GET', /^\/v1\/payment_methods\/([^/]+)$/, ([id]) => state.find(id, 'payment_method')],
    ['POST', /^\/v1\/payment_methods\/([^/]+)\/detach$/, ([id]) => {
      const method = state.find(id, 'payment_method');
      if (!method.customer) throw invalid(`The payment method you provided is not attached to a customer so detachment is impossible.`, 'payment_method_unexpected_state');
      return Object.assign(method, { customer: null });
    }],
    ['POST', /^\/v1\/checkout\/sessions$/, (_p, f) => createSession(f)],
    ['GET', /^\/v1\/checkout\/sessions\/([^/]+)$/, ([id]) => state.find(id, 'checkout.session')],
    ['POST', /^\/v1\/payment_intents$/, (_p, f) => {
      const amount = int(f, 'amount');
      const currency = str(f, 'currency');
      if (amount === undefined || amount < 1) throw invalid('Missing required param: amount.', 'parameter_missing', 'amount');
      if (!currency) throw invalid('Missing required param: currency.', 'parameter_missing', 'currency');
      const intent = state.createPaymentIntent({
        amount, currency, customer: str(f, 'customer') ?? null, paymentMethod: str(f, 'payment_method') ?? null,
        description: str(f, 'description') ?? null, metadata: strings(f, 'metadata'), setupFutureUsage: str(f, 'setup_future_usage') ?? null,
      });
      if (str(f, 'confirm') !== 'true') return intent;
      return state.confirm(intent, { offSession: str(f, 'off_session') === 'true', returnUrl: str(f, 'return_url') });
    }],
    ['GET', /^\/v1\/payment_intents\/([^/]+)$/, ([id]) => state.find(id, 'payment_intent')],
    ['POST', /^\/v1\/payment_intents\/([^/]+)\/confirm$/, ([id], f) => state.confirm(state.find(id, 'payment_intent'), {
      paymentMethod: str(f, 'payment_method'), offSession: str(f, 'off_session') === 'true', returnUrl: str(f, 'return_url'),
    })],
    ['POST', /^\/v1\/refunds$/, (_p, f) => state.refund(str(f, 'payment_intent'), str(f, 'charge'), int(f, 'amount'), strings(f, 'metadata'))],
    ['GET', /^\/v1\/refunds\/([^/]+)$/, ([id]) => state.find(id, 'refund')],
    ['POST', /^\/v1\/setup_intents$/, (_p, f) => state.createSetupIntent(str(f, 'customer') ?? null, strings(f, 'metadata'))],
    ['GET', /^\/v1\/setup_intents\/([^/]+)$/, ([id]) => state.find(id, 'setup_intent')],
  ];

  function createSession(f: Form): StripeObject {
    const mode = str(f, 'mode');
    if (mode !== 'payment' && mode !== 'setup') throw invalid('Invalid mode: must be one of payment, setup, or subscription', 'parameter_invalid_string', 'mode');
    if (!str(f, 'success_url')) throw invalid('Missing required param: success_url.', 'parameter_missing', 'success_url');
    const customer = str(f, 'customer') ?? null;
    if (customer) state.find(customer, 'customer');
    let amountTotal: number | null = null;
    let currency = str(f, 'currency') ?? null;
    if (mode === 'payment') {
      const items = Array.isArray(f.line_items) ? (f.line_items as Form[]) : [];
      if (items.length === 0) throw invalid('line_items is required in payment mode.', 'parameter_missing', 'line_items');
      amountTotal = items.reduce((total, item) => total + (int(obj(item, 'price_data'), 'unit_amount') ?? 0) * (int(item, 'quantity') ?? 1), 0);
      currency = str(obj(items[0], 'price_data'), 'currency') ?? null;
    } else if (!currency) {
      throw invalid('currency is required in setup mode.', 'parameter_missing', 'currency');
    }
    const intentData = obj(f, 'payment_intent_data');
    return state.createCheckoutSession(
      { mode, customer, currency, amountTotal, clientReferenceId: str(f, 'client_reference_id') ?? null, metadata: strings(f, 'metadata'), successUrl: str(f, 'success_url') ?? null, cancelUrl: str(f, 'cancel_url') ?? null },
      { paymentIntentData: strings(intentData, 'metadata'), setupFutureUsage: str(intentData, 'setup_future_usage') ?? null, setupMetadata: strings(obj(f, 'setup_intent_data'), 'metadata') },
    );
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': stripeId('req'), ...headers }).end(body);
  }

  function execute(method: string, path: string, form: Form, query: URLSearchParams): { status: number; body: string } {
    for (const [verb, pattern, handler] of routes) {
      const match = verb === method ? pattern.exec(path) : null;
      if (!match) continue;
      try {
        return { status: 200, body: JSON.stringify(handler(match.slice(1).map(decodeURIComponent), form, query)) };
      } catch (err) {
        if (!(err instanceof StripeFakeError)) throw err;
        return { status: err.status, body: JSON.stringify({ error: err.body }) };
      }
    }
    return { status: 404, body: JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } }) };
  }

  /** The hosted pages a customer would see: Checkout and 3-D Secure. A POST completes them. */
  function hosted(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const match = /^\/(checkout|3ds)\/([^/]+)$/.exec(path);
    if (!match) return false;
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Fake Stripe</title><form method="post"><button>Pay</button></form>`);
      return true;
    }
    try {
      const target = match[1] === 'checkout' ? String(state.completeCheckout(match[2]).success_url ?? '').replace('{CHECKOUT_SESSION_ID}', match[2])
        : String((state.find(match[2], 'payment_intent').next_action as { redirect_to_url?: { return_url?: string } } | null)?.redirect_to_url?.return_url ?? '');
      if (match[1] === '3ds') state.authenticate(match[2]);
      res.writeHead(303, { location: target || '/' }).end();
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : 'failed');
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    if (hosted(req, res, parsed.pathname)) return;
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    fake.requests.push({ method, path: parsed.pathname, idempotencyKey: key });
    if (failures.count > 0) {
      failures.count -= 1;
      return send(res, failures.status, JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred (fake).' } }));
    }
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } }));
    }
    const scoped = key && method === 'POST' ? key : null;
    const fingerprint = `${method} ${parsed.pathname} ${raw}`;
    const saved = scoped ? idempotent.get(scoped) : undefined;
    if (saved) {
      if (saved.fingerprint !== fingerprint) {
        return send(res, 400, JSON.stringify({ error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${scoped}' if you meant to execute a different request.` } }));
      }
      return send(res, saved.status, saved.body, { 'idempotent-replayed': 'true', 'idempotency-key': scoped ?? '' });
    }
    if (scoped && inFlight.has(scoped)) {
      return send(res, 409, JSON.stringify({ error: { type: 'idempotency_error', message: 'There is currently another in-progress request using this Stripe API key (if applicable) and idempotency key (if applicable). Try again later.' } }));
    }
    if (scoped) inFlight.add(scoped);
    try {
      if (fake.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.latencyMs));
      const result = execute(method, parsed.pathname, parseForm(method === 'GET' ? parsed.search.slice(1) : raw), parsed.searchParams);
      if (scoped && result.status !== 400 && result.status !== 404) idempotent.set(scoped, { fingerprint, ...result });
      send(res, result.status, result.body, scoped ? { 'idempotency-key': scoped } : {});
    } finally {
      if (scoped) inFlight.delete(scoped);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: { type: 'api_error', message: err instanceof Error ? err.message : 'fake crashed' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeStripe = {
    url, secretKey, webhookSecret, latencyMs: 0, requests: [],
    nextCharge: (outcome) => void state.outcomes.push(outcome),
    failNext: (count, status = 500) => void (failures = { count, status }),
    counts: () => ({ ...state.counts }),
    get: (id) => state.objects.get(id),
    addPaymentMethod: (customer, card) => state.addPaymentMethod(customer, card),
    deleteCustomer: (id) => {
      state.objects.set(id, { id, object: 'customer', deleted: true });
    },
    completeCheckout: (sessionId) => state.completeCheckout(sessionId),
    authenticate: (intentId) => state.authenticate(intentId),
    webhook(type, object, opts = {}) {
      const timestamp = opts.timestamp ?? Math.floor(clock.now().getTime() / 1000);
      const event = {
        id: stripeId('evt'), object: 'event', api_version: Stripe.API_VERSION, created: timestamp, data: { object },
        livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type,
      };
      const rawBody = JSON.stringify(event);
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: opts.secret ?? webhookSecret, timestamp });
      return { rawBody, headers: { 'content-type': 'application/json', 'stripe-signature': signature }, event };
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
  return fake;
}
