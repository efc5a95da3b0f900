import { Router } from 'express';
import { z } from 'zod';
import { renderInvoicePdf } from '../../../src/billing/pdf/render-invoice-pdf.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { ConflictError, GatewayError, NotFoundError } from '../../../src/lib/errors.js';
import { startInvoicePayment } from '../../../src/payments/operations/start-invoice-payment.js';
import { availableGateways } from '../../../src/payments/registry.js';
import { getSetting } from '../../../src/settings/index.js';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../../src/models/enums.js';
import { findCustomerInvoice, listCustomerInvoices, listCustomerPayments, listInvoicePayments } from '../../../src/portal-queries/customer-records.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { mountPaymentMethods } from './payment-methods.js';
import { mountPaypalReturn } from './paypal-return.js';

const FILTERS = [
  { status: '', label: 'All' },
  { status: 'open', label: 'Unpaid' },
  { status: 'paid', label: 'Paid' },
  { status: 'void', label: 'Void' },
];

const GATEWAY_LABELS: Record<string, string> = { stripe: 'Pay by card', paypal: 'Pay with PayPal' };

const payBody = z.object({ _csrf: z.string().optional(), gateway: z.enum(['stripe', 'paypal', 'bank_transfer']) }).strict();

function statusFilter(value: unknown): InvoiceStatus | undefined {
  return typeof value === 'string' && value !== 'draft' && (INVOICE_STATUSES as readonly string[]).includes(value) ? (value as InvoiceStatus) : undefined;
}

/** /account/billing: invoices (list, view, PDF), payments and the credit balance of `req.customer`. */
export function billingRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));

  router.get('/', (_req, res) => res.redirect(303, '/account/billing/invoices'));

  router.get(
    '/invoices',
    asyncHandler(async (req, res) => {
      const status = statusFilter(req.query.status);
      const invoices = await listCustomerInvoices(req.customer!.id, status);
      res.set('Cache-Control', 'no-store').render('account/billing/invoices', {
        layout: 'portal',
        pageTitle: 'Invoices',
        status,
        invoices: invoices.map((i) => i.get({ plain: true })),
        filters: FILTERS.map((f) => ({ ...f, href: f.status ? `/account/billing/invoices?status=${f.status}` : '/account/billing/invoices', current: (status ?? '') === f.status })),
        creditBalanceMinor: Number(req.customer!.creditBalanceMinor ?? 0),
        currency: req.customer!.currency ?? 'USD',
      });
    }),
  );

  router.get(
    '/invoices/:id',
    asyncHandler(async (req, res) => {
      const { invoice, balance } = await findCustomerInvoice(req.customer!.id, req.params.id);
      const payments = await listInvoicePayments(req.customer!.id, invoice.id);
      const bank = await getSetting('payments.bank_transfer');
      const payable = invoice.status === 'open' && balance.balanceMinor > 0;
      res.set('Cache-Control', 'no-store').render('account/billing/invoice', {
        layout: 'portal',
        pageTitle: `Invoice ${invoice.number ?? invoice.id}`,
        invoice: invoice.get({ plain: true }),
        balance,
        payments: payments.map((p) => p.get({ plain: true })),
        payable,
        gateways: payable ? availableGateways().filter((g) => g !== 'bank_transfer').map((id) => ({ id, label: GATEWAY_LABELS[id] ?? id })) : [],
        bank: bank.enabled ? bank : null,
        paymentNotice: req.query.payment === 'processing' ? 'processing' : req.query.payment === 'cancelled' ? 'cancelled' : null,
      });
    }),
  );

  // NOTE: mails link to GET .../pay (src/notify/links.ts payInvoice); paying itself is a POST from the invoice page.
  router.get('/invoices/:id/pay', (req, res) => res.redirect(303, `/account/billing/invoices/${encodeURIComponent(req.params.id)}#pay`));
  mountPaypalReturn(router);
  mountPaymentMethods(router);

  router.post(
    '/invoices/:id/pay',
    asyncHandler(async (req, res) => {
      const { invoice } = await findCustomerInvoice(req.customer!.id, req.params.id);
      const back = `/account/billing/invoices/${invoice.id}`;
      const body = payBody.safeParse(req.body);
      if (!body.success || !availableGateways().includes(body.data.gateway)) {
        req.flash('error', 'That payment method is not available.');
        return res.redirect(303, back);
      }
      try {
        res.redirect(303, (await startInvoicePayment(invoice.id, body.data.gateway, ctxOf(req))).redirectUrl);
      } catch (err) {
        if (!(err instanceof GatewayError) && !(err instanceof ConflictError)) throw err;
        req.flash('error', err instanceof ConflictError ? 'This invoice cannot be paid any more.' : 'The payment provider is not reachable right now. Please try again in a few minutes.');
        res.redirect(303, back);
      }
    }),
  );

  router.get(
    '/invoices/:id/pdf',
    asyncHandler(async (req, res) => {
      const { invoice } = await findCustomerInvoice(req.customer!.id, req.params.id);
      const pdf = await renderInvoicePdf(invoice.id);
      const name = `invoice-${(invoice.number ?? String(invoice.id)).replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`;
      res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' }).send(pdf);
    }),
  );

  router.get(
    '/payments',
    asyncHandler(async (req, res) => {
      const entries = await listCustomerPayments(req.customer!.id);
      res.set('Cache-Control', 'no-store').render('account/billing/payments', {
        layout: 'portal',
        pageTitle: 'Payments',
        entries: entries.map((e) => ({ ...e.get({ plain: true }), outgoing: e.kind === 'refund' || e.kind === 'chargeback' })),
        creditBalanceMinor: Number(req.customer!.creditBalanceMinor ?? 0),
        currency: req.customer!.currency ?? 'USD',
      });
    }),
  );
  return router;
}
