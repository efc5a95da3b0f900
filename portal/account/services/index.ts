import { Router } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { revealServiceCredentials } from '../../../src/provisioning/services/reveal-service-credentials.js';
import { getServiceUsage } from '../../../src/provisioning/services/get-service-usage.js';
import { AppError, NotFoundError } from '../../../src/lib/errors.js';
import type { UsageReport } from '../../../src/provisioning/driver.js';
import { findCustomerService, findOpenInvoiceOf, listCustomerServices } from '../../../src/portal-queries/customer-records.js';
import { serviceControls } from '../../../src/portal-queries/service-controls.js';
import { serviceBandwidthDays } from '../../../src/portal-queries/service-usage.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { requireRecentAuth } from '../../middleware/require-recent-auth.js';
import { newSubmissionId } from '../once.js';
import { mountServiceActions } from './actions.js';
import { bandwidthRows, resourceRows, serviceView } from './view.js';

/** The chart script and Chart.js itself (served from its package, see portal/account/index.ts). */
export const CHART_SCRIPTS = ['/account/vendor/chart.umd.min.js', '/assets/js/charts.js'];

/** /account/services: the customer's services, each scoped to `req.customer.id`. */
export function servicesRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const services = await listCustomerServices(req.customer!.id);
      res.set('Cache-Control', 'no-store').render('account/services/index', { layout: 'portal', pageTitle: 'Services', services: services.map(serviceView) });
    }),
  );

  router.get(
    '/:id',
    asyncHandler(async (req, res) => {
      const service = await findCustomerService(req.customer!.id, req.params.id);
      const ctx = ctxOf(req);
      const controls = serviceControls(service);
      const overdue = service.status === 'suspended' ? await findOpenInvoiceOf(req.customer!.id, service.subscriptionId) : null;
      let usage: UsageReport | null = null;
      let usageError = false;
      if (controls.liveUsage) {
        try {
          usage = await getServiceUsage(service.id, ctx);
        } catch (err) {
          // NOTE: a slow or failing panel must not take the page down; the page says the figures are unavailable.
          if (!(err instanceof AppError)) throw err;
          usageError = true;
        }
      }
      const bandwidth = service.status === 'terminated' || !service.provisionedAt ? [] : bandwidthRows(await serviceBandwidthDays(service.id, ctx.now));
      const resources = usage ? resourceRows(usage, service) : [];
      res.set('Cache-Control', 'no-store').render('account/services/show', {
        layout: 'portal',
        pageTitle: `Service ${service.hostname ?? service.reference}`,
        pageScripts: resources.length || bandwidth.some((d) => Number(d.bytesIn) + Number(d.bytesOut) > 0) ? CHART_SCRIPTS : [],
        service: serviceView(service),
        ips: service.ipAddresses ?? (service.primaryIp ? [service.primaryIp] : []),
        overdue: overdue?.get({ plain: true }) ?? null,
        hasCredentials: Boolean(service.credentialsEnc) && service.status === 'active',
        controls,
        showControls: controls.power || controls.reinstall || controls.resetPassword,
        resources,
        usageError,
        bandwidth,
        hasTraffic: bandwidth.some((d) => Number(d.bytesIn) + Number(d.bytesOut) > 0),
        submission: newSubmissionId(),
      });
    }),
  );

  // NOTE: a POST (CSRF, not cached, not prefetched) because each reveal is written to the audit log.
  router.post(
    '/:id/credentials',
    requireRecentAuth(),
    asyncHandler(async (req, res) => {
      const service = await findCustomerService(req.customer!.id, req.params.id);
      const credentials = await revealServiceCredentials(service.id, ctxOf(req));
      res.set('Cache-Control', 'no-store').render('account/services/credentials', {
        layout: 'portal',
        pageTitle: `Access details for ${service.hostname ?? service.reference}`,
        service: serviceView(service),
        credentials: credentials ? Object.entries(credentials).map(([key, value]) => ({ key, value })) : [],
      });
    }),
  );

  mountServiceActions(router);
  return router;
}
