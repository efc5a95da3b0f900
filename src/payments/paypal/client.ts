import {
  Client, Environment, OrdersController, PaymentsController, type OAuthToken,
} from '@paypal/paypal-server-sdk';

/** What the PayPal rail needs: REST app credentials, the webhook id, and an API base for the fake. */
export interface PaypalDeps {
  clientId: string;
  clientSecret: string;
  /** The id PayPal gave our webhook subscription; verification is bound to it. */
  webhookId: string;
  environment: 'sandbox' | 'production';
  /** e.g. `http://127.0.0.1:12345`; every SDK request and our own calls go there when set. */
  apiBase?: string;
  timeoutMs?: number;
}

/** The SDK's controllers plus what our own calls (webhook verification) need. */
export interface PaypalClient {
  orders: OrdersController;
  payments: PaymentsController;
  /** Origin of the REST API (no trailing slash). */
  baseUrl: string;
  /** A valid OAuth access token, shared with the SDK and refreshed when it expires; call before SDK calls. */
  accessToken(): Promise<string>;
}

const HOSTS = { sandbox: 'https://api-m.sandbox.paypal.com', production: 'https://api-m.paypal.com' } as const;

/** The REST API origin for these deps. */
export function paypalBaseUrl(deps: Pick<PaypalDeps, 'apiBase' | 'environment'>): string {
  return (deps.apiBase ?? HOSTS[deps.environment]).replace(/\/+$/, '');
}

// NOTE: The SDK only knows its Production and Sandbox hosts. Its `unstable_httpClientOptions` are
// spread into `axios.create`, so we select axios's fetch adapter and hand it a fetch that swaps the
// origin for `apiBase`, keeping path, query, method, headers and body. Used only when apiBase is set.
/** A fetch that sends every request to `apiBase` instead of the host it names. */
export function routedFetch(apiBase: string): typeof fetch {
  const base = new URL(apiBase);
  const prefix = base.pathname.replace(/\/+$/, '');
  return async (input, init) => {
    const request = new Request(input, init);
    const from = new URL(request.url);
    const target = new URL(`${prefix}${from.pathname}${from.search}`, base.origin);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return fetch(target, { method: request.method, headers: request.headers, body, signal: request.signal, redirect: 'manual' });
  };
}

/** Builds the SDK client (client-credentials OAuth) and the token access our own calls share. */
export function createPaypalClient(deps: PaypalDeps): PaypalClient {
  let token: OAuthToken | undefined;
  let inFlight: Promise<OAuthToken> | undefined;
  // One token for the SDK and for us; concurrent callers share one refresh.
  const refresh = (): Promise<OAuthToken> => {
    inFlight ??= client.clientCredentialsAuthManager.updateToken(token)
      .then((fresh) => (token = fresh))
      .finally(() => (inFlight = undefined));
    return inFlight;
  };

  const client: Client = new Client({
    environment: deps.environment === 'production' ? Environment.Production : Environment.Sandbox,
    timeout: deps.timeoutMs ?? 30_000,
    clientCredentialsAuthCredentials: {
      oAuthClientId: deps.clientId,
      oAuthClientSecret: deps.clientSecret,
      // NOTE: The SDK (@apimatic/oauth-adapters 0.4) keeps the last token *promise* for the client's
      // lifetime: one rejected token fetch (a 503, a timeout) would fail every later call without a
      // request. So this provider never rejects; gateway calls fetch the token first through
      // `accessToken()`, which surfaces the real error and retries on the next call.
      oAuthTokenProvider: (last) => refresh().catch(() => last as OAuthToken),
    },
    // NOTE: SDK retries are off. In @paypal/paypal-server-sdk 2.5 the retry interceptor wraps the
    // error handler, so every error answer (a 422 decline included) reaches it as a thrown error and
    // is retried as a "timeout"; `httpStatusCodesToRetry` is never consulted. A retried capture could
    // then run twice. Callers retry instead, on `GatewayError.retryable`, with the same PayPal-Request-Id.
    httpClientOptions: { timeout: deps.timeoutMs ?? 30_000, retryConfig: { maxNumberOfRetries: 0 } },
    ...(deps.apiBase ? { unstable_httpClientOptions: { adapter: 'fetch', env: { fetch: routedFetch(deps.apiBase) } } } : {}),
  });

  return {
    orders: new OrdersController(client),
    payments: new PaymentsController(client),
    baseUrl: paypalBaseUrl(deps),
    async accessToken() {
      const manager = client.clientCredentialsAuthManager;
      const current = token && manager.isValid(token) && !manager.isExpired(token) ? token : await refresh();
      return current.accessToken;
    },
  };
}
