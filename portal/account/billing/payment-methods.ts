import type { Router } from 'express';
import { Op } from 'sequelize';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { GatewayError, NotFoundError } from '../../../src/lib/errors.js';
import { PaymentMethod } from '../../../src/models/index.js';
import { removePaymentMethod } from '../../../src/payments/operations/remove-payment-method.js';
import { setDefaultPaymentMethod } from '../../../src/payments/operations/set-default-payment-method.js';
import { startSaveCard } from '../../../src/payments/operations/start-save-card.js';
import { syncPaymentMethods } from '../../../src/payments/operations/sync-payment-methods.js';
import { isGatewayEnabled } from '../../../src/payments/registry.js';
import { listUpcomingRenewals } from '../../../src/portal-queries/upcoming-renewals.js';
import { getSetting } from '../../../src/settings/index.js';

const PAGE = '/account/billing/payment-methods';

function methodId(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('payment_method_not_found', 'Not found');
  return id;
}

/** Saved methods of the customer (live ones), default first. */
function listMethods(customerId: number): Promise<PaymentMethod[]> {
  return PaymentMethod.findAll({ where: { customerId, detachedAt: null }, order: [['isDefault', 'DESC'], ['id', 'DESC']] });
}

/** /account/billing/payment-methods (saved cards through Stripe) and /account/billing/renewals. */
export function mountPaymentMethods(router: Router): void {
  router.get(
    '/payment-methods',
    asyncHandler(async (req, res) => {
      const customerId = req.customer!.id;
      const stripe = isGatewayEnabled('stripe');
      // NOTE: back from Stripe's page the card may not be known yet (the webhook can be slower): read it now.
      if (stripe && req.query.saved === '1') {
        try {
          await syncPaymentMethods(customerId, ctxOf(req));
          req.flash('success', 'Your card is saved.');
        } catch (err) {
          if (!(err instanceof GatewayError)) throw err;
          req.flash('info', 'Your card is being saved; it appears here in a moment.');
        }
        return res.redirect(303, PAGE);
      }
      const now = ctxOf(req).now;
      const methods = (await listMethods(customerId)).map((m) => ({
        ...m.get({ plain: true }),
        expired: m.expYear != null && m.expMonth != null && (m.expYear < now.getUTCFullYear() || (m.expYear === now.getUTCFullYear() && m.expMonth < now.getUTCMonth() + 1)),
        expiry: m.expMonth && m.expYear ? `${String(m.expMonth).padStart(2, '0')}/${m.expYear}` : null,
      }));
      const bank = await getSetting('payments.bank_transfer');
      res.set('Cache-Control', 'no-store').render('account/billing/payment-methods', {
        layout: 'portal',
        pageTitle: 'Payment methods',
        methods,
        stripe,
        paypal: isGatewayEnabled('paypal'),
        bank: bank.enabled ? bank : null,
      });
    }),
  );

  router.post(
    '/payment-methods/add',
    asyncHandler(async (req, res) => {
      if (!isGatewayEnabled('stripe')) {
        req.flash('error', 'Saving a card is not available. See below for other ways to pay.');
        return res.redirect(303, PAGE);
      }
      try {
        res.redirect(303, (await startSaveCard(req.customer!.id, ctxOf(req))).redirectUrl);
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        req.flash('error', 'The card provider is not reachable right now. Please try again in a few minutes.');
        res.redirect(303, PAGE);
      }
    }),
  );

  router.post(
    '/payment-methods/:id/default',
    asyncHandler(async (req, res) => {
      const method = await setDefaultPaymentMethod({ customerId: req.customer!.id, paymentMethodId: methodId(req.params.id) }, ctxOf(req));
      req.flash('success', `Renewals are now charged to ${method.brand ? `${method.brand} ` : ''}${method.last4 ? `ending ${method.last4}` : 'this method'} first.`);
      res.redirect(303, PAGE);
    }),
  );

  router.post(
    '/payment-methods/:id/remove',
    asyncHandler(async (req, res) => {
      const id = methodId(req.params.id);
      try {
        await removePaymentMethod({ customerId: req.customer!.id, paymentMethodId: id }, ctxOf(req));
      } catch (err) {
        // NOTE: a second click on "Remove" finds the method already detached: the same outcome, said the same way.
        if (err instanceof NotFoundError && (await PaymentMethod.count({ where: { id, customerId: req.customer!.id, detachedAt: { [Op.ne]: null } } })) > 0) {
          req.flash('success', 'The payment method is removed and will not be charged again.');
          return res.redirect(303, PAGE);
        }
        if (!(err instanceof GatewayError)) throw err;
        req.flash('error', 'The card provider is not reachable right now, so the card was not removed. Please try again in a few minutes.');
        return res.redirect(303, PAGE);
      }
      req.flash('success', 'The payment method is removed and will not be charged again.');
      res.redirect(303, PAGE);
    }),
  );

  router.get(
    '/renewals',
    asyncHandler(async (req, res) => {
      const renewals = await listUpcomingRenewals(req.customer!.id);
      res.set('Cache-Control', 'no-store').render('account/billing/renewals', { layout: 'portal', pageTitle: 'Upcoming renewals', renewals });
    }),
  );
}
