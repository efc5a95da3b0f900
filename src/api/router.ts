import { Router, type Request } from 'express';
import { authenticateApiToken } from '../auth/api-tokens/authenticate-api-token.js';
import { TOKEN_PATTERN } from '../auth/api-tokens/abilities.js';
import { asyncHandler } from '../http/async.js';
import { rateLimiter } from '../http/rate-limit.js';
import { NotFoundError, UnauthorizedError } from '../lib/errors.js';
import { openApiDocument } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { customerRoutes } from './routes/customer.js';

const MINUTE = 60_000;

function bearerOf(req: Request): string | null {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

/** The token's public prefix (or the client's IP) names its rate-limit counter. */
function limitKey(req: Request): string {
  const token = bearerOf(req);
  const match = token ? TOKEN_PATTERN.exec(token) : null;
  return match ? `token:${match[1]}` : `ip:${req.ip ?? 'unknown'}`;
}

/**
 * /api/v1: JSON over bearer tokens (`Authorization: Bearer ezs_...`). Errors are problem+json with a stable code;
 * each token (or, without one, each IP) may send 300 requests a minute.
 */
export function apiRouter(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openApiDocument());
  });
  router.use(rateLimiter({ name: 'api', windowMs: MINUTE, limit: 300, key: limitKey }));
  router.use(
    asyncHandler(async (req, res, next) => {
      res.set('Cache-Control', 'no-store');
      const token = bearerOf(req);
      if (!token) throw new UnauthorizedError('invalid_token', 'Send your API token as "Authorization: Bearer <token>".');
      res.locals.apiPrincipal = await authenticateApiToken(token, req.ip ?? null);
      next();
    }),
  );
  router.use('/admin', adminRoutes());
  router.use(customerRoutes());
  router.use((req, _res, next) => next(new NotFoundError('route_not_found', `No API route ${req.method} ${req.baseUrl}${req.path}`)));
  return router;
}
