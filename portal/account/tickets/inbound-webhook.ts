import express, { Router } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { isAppError } from '../../../src/lib/errors.js';
import { clock } from '../../../src/lib/clock.js';
import { ingestInboundEmail } from '../../../src/support/inbound/ingest-inbound-email.js';
import { INBOUND_SECRET_HEADER, inboundEmailSecret, isInboundSecret } from '../../../src/support/inbound/inbound-secret.js';

/**
 * POST /inbound-email (mount under /webhooks, stage 'raw'): the raw RFC 5322 email as the body, authenticated by the
 * shared secret in `X-Inbound-Secret` (`npm run cli -- mail:inbound-secret`). 200 with the outcome; 401 without the
 * secret; 422 when the email is refused (bad reply token, other sender), so the provider does not retry it.
 */
export function buildInboundEmailRouter(opts: { secret?: () => string } = {}): Router {
  const router = Router();
  const secret = opts.secret ?? inboundEmailSecret;
  router.post(
    '/inbound-email',
    express.raw({ type: () => true, limit: '30mb' }),
    asyncHandler(async (req, res) => {
      if (!isInboundSecret(req.get(INBOUND_SECRET_HEADER), secret())) return void res.status(401).json({ code: 'inbound_secret_invalid', detail: 'Missing or wrong inbound secret' });
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (raw.length === 0) return void res.status(400).json({ code: 'inbound_empty', detail: 'Send the raw email as the request body.' });
      try {
        const result = await ingestInboundEmail(raw, { actor: { type: 'system', userId: null, ip: req.ip ?? null }, now: clock.now(), requestId: req.id });
        res.status(200).json(result);
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        res.status(err.status).json({ code: err.code, detail: err.message });
      }
    }),
  );
  return router;
}

/** The inbound-email webhook router, for `app.use('/webhooks', inboundEmailRouter)`. */
export const inboundEmailRouter = buildInboundEmailRouter();
