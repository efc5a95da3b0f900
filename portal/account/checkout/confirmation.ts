import { Router } from 'express';
import { EMAIL_UNVERIFIED } from '../../../src/fraud/risk-flags.js';
import { asyncHandler } from '../../../src/http/async.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import { Invoice } from '../../../src/models/invoice.js';
import { InvoiceLine } from '../../../src/models/invoice-line.js';
import { Order } from '../../../src/models/order.js';
import { availableGateways } from '../../../src/payments/registry.js';
import { getSetting } from '../../../src/settings/index.js';

const GATEWAY_LABELS: Record<string, string> = { stripe: 'Pay by card', paypal: 'Pay with PayPal' };

/** What the customer waits for, in their words. */
function stage(order: Order, invoicePaid: boolean, emailHold: boolean): { key: string; text: string } {
  if (order.status === 'completed') return { key: 'setting-up', text: 'Paid: your service is being set up. We email you when it is ready.' };
  if (order.status === 'cancelled' || order.status === 'rejected') return { key: 'closed', text: 'This order was cancelled.' };
  if (order.status === 'pending_review' && emailHold && (order.riskFlags ?? []).length === 1) {
    return { key: 'email', text: invoicePaid ? 'Paid. Confirm your email address and we start setting up your service.' : 'Waiting for your payment and for you to confirm your email address.' };
  }
  if (order.status === 'pending_review') return { key: 'review', text: 'Our team reviews this order before setup, usually within one business day.' };
  return { key: 'payment', text: 'Waiting for your payment: we set up your service as soon as it arrives.' };
}

/** GET /account/order/placed/:number: the order confirmation (scoped to the signed-in customer). */
export function confirmationRouter(): Router {
  const router = Router();
  router.get(
    '/placed/:number',
    asyncHandler(async (req, res) => {
      const order = await Order.findOne({ where: { number: String(req.params.number), customerId: req.customer!.id } });
      if (!order) throw new NotFoundError('order_not_found', 'Order not found');
      const invoice = await Invoice.findOne({ where: { orderId: order.id, kind: 'order' }, order: [['id', 'ASC']] });
      const lines = invoice ? await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC'], ['id', 'ASC']] }) : [];
      const bank = await getSetting('payments.bank_transfer');
      const payable = invoice?.status === 'open' && Number(invoice.amountDueMinor) > 0;
      const emailHold = (order.riskFlags ?? []).includes(EMAIL_UNVERIFIED) && !req.user?.emailVerifiedAt;
      res.set('Cache-Control', 'no-store').render('account/checkout/placed', {
        layout: 'portal',
        pageTitle: `Order ${order.number}`,
        order: order.get({ plain: true }),
        stage: stage(order, invoice?.status === 'paid', emailHold),
        invoice: invoice?.get({ plain: true }) ?? null,
        lines: lines.map((l) => l.get({ plain: true })),
        payable,
        gateways: payable ? availableGateways().filter((g) => g !== 'bank_transfer').map((id) => ({ id, label: GATEWAY_LABELS[id] ?? id })) : [],
        bank: payable && bank.enabled ? bank : null,
        emailHold,
        email: req.user?.email ?? '',
      });
    }),
  );
  return router;
}
