import express, { type Router } from 'express';
import { asyncHandler } from '../../src/http/async.js';
import { serviceStatus } from '../../src/site/service-status.js';

const OVERALL = {
  operational: 'All systems operational',
  degraded: 'Some services are degraded',
  down: 'Some services are down',
} as const;

/** /status: each service's health from the last `status:check` run; public and briefly cacheable. */
export const statusRouter: Router = express.Router();

statusRouter.get(
  '/status',
  asyncHandler(async (_req, res) => {
    const status = await serviceStatus();
    // NOTE: checks run every five minutes; a minute of caching keeps the page cheap without hiding an outage long.
    res.set('Cache-Control', 'public, max-age=60');
    res.vary('Cookie');
    res.render('site/status', {
      layout: 'site',
      pageTitle: 'System status',
      metaDescription: 'Live health of our VPS, game server, dedicated server and web hosting platforms, and of billing.',
      canonicalPath: '/status',
      components: status.components,
      overall: status.overall,
      overallText: status.overall ? OVERALL[status.overall] : null,
      lastCheckedAt: status.lastCheckedAt,
    });
  }),
);
