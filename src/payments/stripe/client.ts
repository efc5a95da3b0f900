import Stripe from 'stripe';

/** What the Stripe rail needs: keys from the environment, and an API base for the fake in tests. */
export interface StripeDeps {
  secretKey: string;
  webhookSecret: string;
  /** e.g. `http://127.0.0.1:12345`; unset in production (api.stripe.com). */
  apiBase?: string;
  /** Pin an API version; unset uses the version stripe-node was generated for. */
  apiVersion?: Stripe.StripeConfig['apiVersion'];
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

/** Splits `http://host:port` into the host/port/protocol options stripe-node takes. */
export function stripeHostOptions(apiBase: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { host: url.hostname, port, protocol };
}

/** Builds the stripe-node client; retries are safe because every POST carries an idempotency key. */
export function createStripeClient(deps: StripeDeps): Stripe {
  return new Stripe(deps.secretKey, {
    ...(deps.apiBase ? stripeHostOptions(deps.apiBase) : {}),
    ...(deps.apiVersion ? { apiVersion: deps.apiVersion } : {}),
    maxNetworkRetries: deps.maxNetworkRetries ?? 2,
    timeout: deps.timeoutMs ?? 30_000,
    telemetry: false,
    appInfo: { name: 'ezscale' },
  });
}
