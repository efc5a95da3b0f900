import { Router } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { revealServiceCredentials } from '../../../src/provisioning/services/reveal-service-credentials.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import { findCustomerService, findOpenInvoiceOf, listCustomerServices } from '../../../src/portal-queries/customer-records.js';
import type { Service } from '../../../src/models/index.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { requireRecentAuth } from '../../middleware/require-recent-auth.js';

function serviceView(s: Service): Record<string, unknown> {
  return {
    ...s.get({ plain: true }),
    planName: s.subscription?.plan?.name ?? '',
    settingUp: s.status === 'pending' || s.status === 'provisioning',
    label: s.hostname ?? s.domain ?? s.reference,
  };
}

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
      const overdue = service.status === 'suspended' ? await findOpenInvoiceOf(req.customer!.id, service.subscriptionId) : null;
      res.set('Cache-Control', 'no-store').render('account/services/show', {
        layout: 'portal',
        pageTitle: `Service ${service.hostname ?? service.reference}`,
        service: serviceView(service),
        ips: service.ipAddresses ?? (service.primaryIp ? [service.primaryIp] : []),
        overdue: overdue?.get({ plain: true }) ?? null,
        hasCredentials: Boolean(service.credentialsEnc) && service.status === 'active',
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
  return router;
}
