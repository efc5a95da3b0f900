import type { Router } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { GatewayError, NotFoundError } from '../../../src/lib/errors.js';
import { completePaypalReturn } from '../../../src/payments/operations/complete-paypal-return.js';
import { findCustomerInvoice } from '../../../src/portal-queries/customer-records.js';

/** GET /invoices/:id/paypal/return?token=<order id>: PayPal sends the buyer back here; the order is captured once. */
export function mountPaypalReturn(router: Router): void {
  router.get(
    '/invoices/:id/paypal/return',
    asyncHandler(async (req, res) => {
      const { invoice } = await findCustomerInvoice(req.customer!.id, req.params.id);
      const back = `/account/billing/invoices/${invoice.id}`;
      const token = typeof req.query.token === 'string' ? req.query.token.slice(0, 64) : '';
      if (!token) {
        req.flash('error', 'PayPal did not tell us which payment this was; nothing was charged.');
        return res.redirect(303, back);
      }
      try {
        const result = await completePaypalReturn(token, ctxOf(req));
        if (result.invoiceId !== invoice.id) throw new NotFoundError('payment_attempt_not_found', 'Not found');
        if (result.status === 'requires_action' && result.redirectUrl) return res.redirect(303, result.redirectUrl);
        if (result.status === 'paid') req.flash('success', 'Thank you — your payment was received.');
        else req.flash(result.status === 'pending' ? 'info' : 'error', result.message ?? 'The payment did not go through.');
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        req.flash('error', 'PayPal is not reachable right now. Please try again in a few minutes.');
      }
      res.redirect(303, back);
    }),
  );
}
