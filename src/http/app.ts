import express, { type Express, type RequestHandler } from 'express';
import { config } from '../../config/index.js';
import { initModels } from '../models/index.js';
import { appRoutes, type AppRoute, type MountStage } from '../../portal/app-routes.js';
import { csrfProtection } from './csrf.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { flashMiddleware } from './flash.js';
import { healthHandler } from './health.js';
import { hostRouting, type Surface } from './hosts.js';
import { baseLocalsMiddleware, sessionLocals } from './locals.js';
import { SESSIONLESS_PREFIXES, underAny } from './paths.js';
import { requestContext } from './request-context.js';
import { securityHeaders } from './security.js';
import { sessionMiddleware } from './session.js';
import { assetsMiddleware } from './static.js';
import { setupViews } from './views.js';

export const ALL_SURFACES: readonly Surface[] = ['site', 'account', 'admin', 'api', 'webhooks'];
export const PORTAL_SESSION_COOKIE = 'ezscale.sid';

export interface CreateAppOptions {
  /** Surfaces to mount (all by default). */
  surfaces?: Surface[];
  /** More routers (tests, experiments), mounted after the configured ones of the same stage ('session' by default). */
  extraRouters?: Array<{ path: string; router: RequestHandler; stage?: MountStage }>;
}

/** TRUST_PROXY: "true", "false", a hop count, or Express's names/CIDRs ("loopback, 10.0.0.0/8"). */
export function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function unlessSessionless(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (underAny(req.path, SESSIONLESS_PREFIXES) ? next() : handler(req, res, next));
}

/** Builds the whole web app: security, assets, health, host routing, then every router of portal/app-routes.ts. */
export async function createApp(opts: CreateAppOptions = {}): Promise<Express> {
  initModels();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parseTrustProxy(config().trustProxy));
  setupViews(app);

  app.use(requestContext());
  app.use(securityHeaders());
  app.use('/assets', assetsMiddleware());
  app.get('/healthz', healthHandler);
  app.use(hostRouting());

  const enabled = new Set(opts.surfaces ?? ALL_SURFACES);
  const extra: AppRoute[] = (opts.extraRouters ?? []).map((r) => ({
    surface: 'site',
    path: r.path,
    stage: r.stage ?? 'session',
    load: async () => r.router,
  }));
  const routes = [...appRoutes.filter((r) => enabled.has(r.surface)), ...extra];
  const loaded = await Promise.all(routes.map(async (route) => ({ route, handler: await route.load() })));
  const mount = (stage: MountStage) => {
    for (const { route, handler } of loaded) {
      if (route.stage === stage && handler) app.use(route.path, ...(route.before ?? []), handler);
    }
  };

  mount('raw');
  app.use(express.urlencoded({ extended: true, limit: '200kb', parameterLimit: 2000 }));
  app.use(express.json({ limit: '1mb' }));
  app.use(baseLocalsMiddleware());
  mount('public');
  app.use(unlessSessionless(sessionMiddleware({ name: PORTAL_SESSION_COOKIE, surface: 'portal' })));
  app.use(csrfProtection);
  app.use(unlessSessionless(flashMiddleware()));
  app.use(unlessSessionless(sessionLocals()));
  mount('session');

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
