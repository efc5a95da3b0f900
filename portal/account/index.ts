import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ROOT_DIR } from '../../src/http/views.js';
import { loadCustomer } from '../middleware/load-customer.js';
import { apiTokensRouter } from './api-tokens/index.js';
import { authRouter } from './auth/index.js';
import { billingRouter } from './billing/index.js';
import { checkoutRouter } from './checkout/index.js';
import { dashboardRouter } from './dashboard/index.js';
import { profileRouter } from './profile/index.js';
import { securityRouter } from './security/index.js';
import { servicesRouter } from './services/index.js';
import { subscriptionsRouter } from './subscriptions/index.js';
import { supportRouter } from './tickets/index.js';

/**
 * The routers of the customer portal, in mount order under /account. Add an area's router here
 * (dashboard, services, billing, support ...): each gets `req.user` / `req.customer` from
 * loadCustomer and guards its own routes with requireCustomer.
 */
const SUB_ROUTERS: Array<{ path: string; router: () => Router }> = [
  { path: '/', router: supportRouter }, // first: it sets the bell's unread count for every portal page
  { path: '/', router: authRouter },
  { path: '/security', router: securityRouter },
  { path: '/api-tokens', router: apiTokensRouter },
  { path: '/', router: dashboardRouter },
  { path: '/services', router: servicesRouter },
  { path: '/billing', router: billingRouter },
  { path: '/subscriptions', router: subscriptionsRouter },
  { path: '/profile', router: profileRouter },
  { path: '/order', router: checkoutRouter },
];

/** Chart.js for the usage graphs, served from its installed package (no CDN under our CSP). */
const CHART_JS = path.join(ROOT_DIR, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js');

function buildAccountRouter(): Router {
  const router = Router();
  router.get('/vendor/chart.umd.min.js', (_req, res, next) => res.sendFile(CHART_JS, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }, (err) => err && next(err)));
  router.use(loadCustomer());
  for (const { path, router: build } of SUB_ROUTERS) router.use(path, build());
  return router;
}

// NOTE: built when the module loads, not in a request: express-rate-limit refuses limiters created in a handler.
const shared = buildAccountRouter();

/**
 * The /account router. Called with no arguments it builds a new router (`app.use('/account', accountRouter())`);
 * mounted as is (`app.use('/account', accountRouter)`, as portal/app-routes.ts does) it serves every
 * request through one shared router.
 */
export function accountRouter(): Router;
export function accountRouter(req: Request, res: Response, next: NextFunction): void;
export function accountRouter(...args: [] | [Request, Response, NextFunction]): Router | void {
  if (args.length === 0) return buildAccountRouter();
  shared(...args);
}
