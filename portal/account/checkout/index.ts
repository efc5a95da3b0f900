import { Router } from 'express';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { adoptOrderCurrency } from '../../../src/site/adopt-order-currency.js';
import { assessOrderRisk, parseIpCountry } from '../../../src/fraud/assess-order-risk.js';
import { EMAIL_UNVERIFIED } from '../../../src/fraud/risk-flags.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import type { Order } from '../../../src/models/order.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { cartInput, gameOf } from './cart-input.js';
import { choiceErrors, loadCart, NONCE, priceCart, renderCart } from './cart.js';
import { confirmationRouter } from './confirmation.js';

/** The flash shown after placing: what happens next for this order. */
export function nextSteps(order: Order, invoiceStatus: string | undefined): string {
  if (order.status === 'pending_review') {
    const flags = order.riskFlags ?? [];
    if (flags.length === 1 && flags[0] === EMAIL_UNVERIFIED && order.reviewReason === `Risk flags: ${EMAIL_UNVERIFIED}`) {
      return `Order ${order.number} is placed. Confirm your email address with the link we sent you: we set up your service once it is confirmed and paid.`;
    }
    return `Order ${order.number} is placed. Our team reviews it before setup (usually within one business day); you can pay the invoice now and we start as soon as it is approved.`;
  }
  if (invoiceStatus === 'paid') return `Order ${order.number} is placed and paid. We are setting up your service and will email you when it is ready.`;
  return `Order ${order.number} is placed. Pay this invoice and we set up your service right away.`;
}

/** /account/order: the cart of one plan (options, add-ons, coupon, quote) for a signed-in customer, placing it, and its confirmation. */
export function checkoutRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      await renderCart(req, res, cartInput(req.query as Record<string, unknown>));
    }),
  );

  router.post(
    '/quote',
    asyncHandler(async (req, res) => {
      await renderCart(req, res, cartInput((req.body ?? {}) as Record<string, unknown>));
    }),
  );

  router.post(
    '/',
    asyncHandler(async (req, res) => {
      const input = cartInput((req.body ?? {}) as Record<string, unknown>);
      const customer = req.customer!;
      const cart = await loadCart(customer, input);
      const errors = choiceErrors(cart, input);
      if (!NONCE.test(input.nonce)) errors.form = 'This form has expired. Check your order and submit it again.';
      if (Object.keys(errors).length) return renderCart(req, res, input, errors, 422);
      const priced = await priceCart(req, cart, input);
      if (Object.keys(priced.errors).length) return renderCart(req, res, input, {}, 422);
      if (priced.quote.stock === 'sold_out') return renderCart(req, res, input, { form: `${cart.plan.name} is sold out right now.` }, 409);
      const ctx = ctxOf(req);
      if (!cart.currencyLocked) await adoptOrderCurrency(customer.id, cart.currency, ctx);
      const riskFlags = await assessOrderRisk(
        { customerId: customer.id, planTypes: [cart.plan.type], totalMinor: priced.quote.totalMinor, currency: cart.currency, ip: req.ip ?? null, ipCountry: parseIpCountry(req.get('cf-ipcountry')) },
        ctx,
      );
      const config = {
        ...(cart.plan.type === 'vps' && input.os ? { os: input.os } : {}),
        ...(cart.plan.type === 'web' ? { domain: input.domain } : {}),
        ...(input.hostname ? { hostname: input.hostname } : {}),
        ...gameOf(cart.plan),
      };
      const placed = await placeOrder(
        {
          customerId: customer.id,
          items: [{ planId: cart.plan.id, cycle: cart.cycle, options: priced.options, addons: priced.addons, config }],
          currency: cart.currency,
          couponCode: priced.coupon || null,
          ip: req.ip ?? null,
          userAgent: req.get('user-agent') ?? null,
          riskFlags,
          // NOTE: scoped to the customer so a nonce from another account can never return its order.
          idempotencyKey: `checkout:${customer.id}:${input.nonce}`,
        },
        ctx,
      );
      if (placed.order.customerId !== customer.id || !placed.invoice) throw new NotFoundError('order_not_found', 'Not found');
      if (!placed.duplicate) req.flash(placed.order.status === 'pending_review' ? 'info' : 'success', nextSteps(placed.order, placed.invoice.status));
      res.redirect(303, `/account/order/placed/${encodeURIComponent(placed.order.number)}`);
    }),
  );

  router.use(confirmationRouter());
  return router;
}
