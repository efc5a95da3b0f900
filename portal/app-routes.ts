import express, { type RequestHandler } from 'express';
import type { Surface } from '../src/http/hosts.js';
import { optionalRouter } from '../src/http/optional.js';
import { themeRouter } from '../src/http/theme.js';
import { earlyCachedPage } from './site/cache.js';
import { homeRouter } from './site/home.js';

/**
 * When a router is mounted (src/http/app.ts builds the app in this order):
 * - 'raw': before body parsers and sessions: the router parses and authenticates on its own
 *   (webhooks: raw Buffer body; AdminJS: its own parsers and session; API: JSON + tokens).
 * - 'public': after body parsers, before sessions: cacheable pages with no session (the home page).
 * - 'session': after sessions, CSRF, flash and the session locals (portal, site).
 */
export type MountStage = 'raw' | 'public' | 'session';

export interface AppRoute {
  surface: Surface;
  /** Mount path; paths are the same on every host. */
  path: string;
  stage: MountStage;
  /** Middleware put in front of the router when it is mounted (e.g. its body parser). */
  before?: RequestHandler[];
  /** The router, or null to skip (its module is not written yet). */
  load: () => Promise<RequestHandler | null>;
}

/** Every mount of the web app, in order. Add a line here to mount a new router. */
export const appRoutes: AppRoute[] = [
  // NOTE: inbound email comes first: its router parses bodies larger than the payment webhooks' 1 MB limit.
  { surface: 'webhooks', path: '/webhooks', stage: 'raw', load: () => optionalRouter('portal/account/tickets/inbound-webhook.js', 'inboundEmailRouter') },
  {
    surface: 'webhooks',
    path: '/webhooks',
    stage: 'raw',
    before: [express.raw({ type: () => true, limit: '1mb' })],
    load: () => optionalRouter('src/payments/webhooks/router.js', 'webhooksRouter'),
  },
  { surface: 'admin', path: '/admin', stage: 'raw', load: () => optionalRouter('admin/index.js', 'buildAdminRouter', { factory: true }) },
  {
    surface: 'api',
    path: '/api/v1',
    stage: 'raw',
    before: [express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] })],
    load: () => optionalRouter('src/api/router.js', 'apiRouter', { factory: true }),
  },
  { surface: 'site', path: '/', stage: 'public', load: async () => earlyCachedPage },
  { surface: 'site', path: '/', stage: 'public', load: async () => homeRouter },
  { surface: 'site', path: '/theme', stage: 'public', load: async () => themeRouter('/') },
  { surface: 'account', path: '/account/theme', stage: 'public', load: async () => themeRouter('/account') },
  // NOTE: before the portal's routers: staff viewing as a customer may not change account security or payment methods.
  { surface: 'account', path: '/account', stage: 'session', load: () => optionalRouter('portal/account/impersonation/index.js', 'impersonationRouter', { factory: true }) },
  { surface: 'account', path: '/account', stage: 'session', load: () => optionalRouter('portal/account/index.js', 'accountRouter') },
  { surface: 'site', path: '/', stage: 'session', load: () => optionalRouter('portal/site/index.js', 'siteRouter') },
];
