import { Router } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { customerDashboard } from '../../../src/portal-queries/customer-dashboard.js';
import { listUpcomingRenewals } from '../../../src/portal-queries/upcoming-renewals.js';
import { formatBytes } from '../once.js';
import { requireCustomer } from '../../middleware/require-customer.js';

/** /account/dashboard (and /account): the signed-in customer's overview. */
export function dashboardRouter(): Router {
  const router = Router();
  const show = asyncHandler(async (req, res) => {
    if (!req.customer) throw new NotFoundError('customer_not_found', 'Not found');
    const now = ctxOf(req).now;
    const data = await customerDashboard(req.customer.id, now, req.customer);
    const { usage } = data;
    // NOTE: the next-invoice card shows the next renewal only when nothing is open.
    const nextRenewal = data.nextInvoice ? null : ((await listUpcomingRenewals(req.customer.id, 1))[0] ?? null);
    res.set('Cache-Control', 'no-store').render('account/dashboard/index', {
      layout: 'portal',
      pageTitle: 'Dashboard',
      ...data,
      moreOpenInvoices: data.openInvoiceCount > data.openInvoices.length,
      nextRenewal,
      usage: {
        ...usage,
        memory: formatBytes(usage.memoryMb * 1024 ** 2),
        disk: formatBytes(usage.diskGb * 1024 ** 3),
        bandwidth: formatBytes(usage.bandwidthBytes),
        bandwidthQuota: usage.bandwidthQuotaBytes === null ? null : formatBytes(usage.bandwidthQuotaBytes),
        bandwidthTone: usage.bandwidthPercent === null ? '' : usage.bandwidthPercent >= 90 ? 'progress--danger' : usage.bandwidthPercent >= 75 ? 'progress--warning' : '',
      },
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
