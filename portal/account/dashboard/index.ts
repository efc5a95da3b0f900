import { Router } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import { customerDashboard } from '../../../src/portal-queries/customer-dashboard.js';
import { requireCustomer } from '../../middleware/require-customer.js';

/** /account/dashboard (and /account): the signed-in customer's overview. */
export function dashboardRouter(): Router {
  const router = Router();
  const show = asyncHandler(async (req, res) => {
    if (!req.customer) throw new NotFoundError('customer_not_found', 'Not found');
    const data = await customerDashboard(req.customer.id);
    res.set('Cache-Control', 'no-store').render('account/dashboard/index', {
      layout: 'portal',
      pageTitle: 'Dashboard',
      ...data,
      services: data.services.map((s) => ({ ...s.get({ plain: true }), planName: s.subscription?.plan?.name ?? '' })),
      openInvoices: data.openInvoices.map((i) => i.get({ plain: true })),
      tickets: data.tickets.map((t) => t.get({ plain: true })),
      nextInvoice: data.nextInvoice?.get({ plain: true }) ?? null,
    });
  });
  router.get('/dashboard', requireCustomer, show);
  router.get('/', requireCustomer, show);
  // NOTE: payment mails, gateway returns and notifications link to /account/invoices/:id (src/payments/operations/urls.ts).
  router.get('/invoices/:id(\\d+)', requireCustomer, (req, res) => {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    res.redirect(303, `/account/billing/invoices/${req.params.id}${query}`);
  });
  return router;
}
