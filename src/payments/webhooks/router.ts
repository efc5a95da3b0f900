import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { clock } from '../../lib/clock.js';
import { systemCtx } from '../../lib/context.js';
import { GatewayError } from '../../lib/errors.js';
import { WebhookSignatureError, type GatewayId } from '../gateway.js';
import { receiveWebhook } from './receive-webhook.js';

/** Answers one gateway's deliveries: 400 when unverifiable, 200 once stored (new or duplicate). */
function endpoint(gatewayId: GatewayId) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // NOTE: the signature covers the exact bytes; a body some parser already turned into an object cannot be verified.
    if (!Buffer.isBuffer(req.body)) {
      res.status(400).json({ error: 'webhook_body_not_raw' });
      return;
    }
    try {
      const ctx = systemCtx({ now: clock.now(), requestId: req.id ?? systemCtx().requestId });
      const receipt = await receiveWebhook(gatewayId, { rawBody: req.body, headers: req.headers }, ctx);
      res.status(200).json({ received: true, ...receipt });
    } catch (err) {
      if (err instanceof WebhookSignatureError) {
        req.log?.warn({ gateway: gatewayId, reason: err.message }, 'webhook rejected');
        res.status(400).json({ error: err.code });
      } else if (err instanceof GatewayError && err.code === 'gateway_not_configured') {
        res.status(404).json({ error: err.code });
      } else if (err instanceof GatewayError && err.retryable) {
        // NOTE: PayPal's verification service was unreachable: a 503 makes PayPal deliver again later.
        res.status(503).json({ error: err.code });
      } else {
        next(err);
      }
    }
  };
}

/** A new router: POST /stripe and POST /paypal, each reading its own raw body. */
function buildWebhooksRouter(): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '1mb' });
  router.post('/stripe', raw, endpoint('stripe'));
  router.post('/paypal', raw, endpoint('paypal'));
  return router;
}

let shared: Router | undefined;

/**
 * The gateway webhook endpoints, mounted at /webhooks before any body parser. Called with no
 * arguments it builds a Router; the app mounts the function itself as middleware, so called with
 * (req, res, next) it hands the request to one shared router.
 */
export function webhooksRouter(): Router;
export function webhooksRouter(req: Request, res: Response, next: NextFunction): void;
export function webhooksRouter(req?: Request, res?: Response, next?: NextFunction): Router | void {
  if (!req || !res || !next) return buildWebhooksRouter();
  shared ??= buildWebhooksRouter();
  shared(req, res, next);
}
