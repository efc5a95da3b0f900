import { Router } from 'express';
import { z } from 'zod';
import { cancelSubscription } from '../../../src/billing/subscriptions/cancel-subscription.js';
import { recurringTotal } from '../../../src/billing/catalog/configuration.js';
import { loadCurrentConfiguration } from '../../../src/billing/subscriptions/current-configuration.js';
import { undoScheduledCancellation } from '../../../src/billing/subscriptions/undo-scheduled-cancellation.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { ConflictError, NotFoundError } from '../../../src/lib/errors.js';
import { Plan, type Subscription } from '../../../src/models/index.js';
import { findCustomerSubscription, listCustomerSubscriptions } from '../../../src/portal-queries/customer-records.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { mountPlanChange } from './plan-change.js';

/** The cancellation survey's answers (the reason is stored as its label). */
const CANCEL_REASONS = ['Too expensive', 'Missing features', 'Moving to another provider', 'Project finished', 'Performance or reliability', 'Other'];

const cancelBody = z
  .object({
    _csrf: z.string().optional(),
    mode: z.enum(['period_end', 'immediately']),
    reason: z.string().trim().max(255).optional().default(''),
    feedback: z.string().trim().max(2000).optional().default(''),
  })
  .strict();

function subscriptionView(s: Subscription): Record<string, unknown> {
  const live = ['active', 'past_due', 'suspended'].includes(s.status);
  return {
    ...s.get({ plain: true }),
    planName: s.plan?.name ?? '',
    cancellable: live && !s.cancelAtPeriodEnd,
    undoable: live && s.cancelAtPeriodEnd,
    changeable: s.status === 'active' && !s.cancelAtPeriodEnd,
    scheduledChange: Boolean(s.scheduledPlanId || s.scheduledCycle),
  };
}

/** /account/subscriptions: the customer's subscriptions, cancellation and its undo; all scoped to `req.customer.id`. */
export function subscriptionsRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const subscriptions = await listCustomerSubscriptions(req.customer!.id);
      res.set('Cache-Control', 'no-store').render('account/subscriptions/index', { layout: 'portal', pageTitle: 'Subscriptions', subscriptions: subscriptions.map(subscriptionView) });
    }),
  );

  router.get(
    '/:id',
    asyncHandler(async (req, res) => {
      const subscription = await findCustomerSubscription(req.customer!.id, req.params.id);
      const { config } = await loadCurrentConfiguration(subscription);
      res.set('Cache-Control', 'no-store').render('account/subscriptions/show', {
        layout: 'portal',
        pageTitle: `Subscription ${subscription.plan?.name ?? subscription.id}`,
        subscription: subscriptionView(subscription),
        scheduledPlan: subscription.scheduledPlanId ? ((await Plan.findByPk(subscription.scheduledPlanId, { attributes: ['id', 'name'] }))?.name ?? null) : null,
        reasons: CANCEL_REASONS,
        services: (subscription.services ?? []).map((s) => s.get({ plain: true })),
        options: config.options.filter((o) => o.choice !== null || o.quantity > 0).map((o) => ({ name: o.name, value: o.choiceLabel ?? o.choice ?? o.quantity })),
        addons: config.addons.map((a) => a.name),
        totalMinor: recurringTotal(config).minor,
      });
    }),
  );

  mountPlanChange(router);

  router.post(
    '/:id/cancel',
    asyncHandler(async (req, res) => {
      const subscription = await findCustomerSubscription(req.customer!.id, req.params.id);
      const body = cancelBody.safeParse(req.body);
      const back = `/account/subscriptions/${subscription.id}`;
      if (!body.success) {
        req.flash('error', 'Choose when to cancel.');
        return res.redirect(303, back);
      }
      try {
        const reason = body.data.reason || 'No reason given';
        await cancelSubscription({ subscriptionId: subscription.id, mode: body.data.mode, reason, feedback: body.data.feedback || null }, ctxOf(req));
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        req.flash('error', 'This subscription can no longer be cancelled.');
        return res.redirect(303, back);
      }
      req.flash('success', body.data.mode === 'period_end' ? 'Your subscription ends at the end of the current period.' : 'Your subscription is cancelled.');
      res.redirect(303, back);
    }),
  );

  router.post(
    '/:id/undo-cancel',
    asyncHandler(async (req, res) => {
      const subscription = await findCustomerSubscription(req.customer!.id, req.params.id);
      const back = `/account/subscriptions/${subscription.id}`;
      try {
        await undoScheduledCancellation({ subscriptionId: subscription.id }, ctxOf(req));
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        req.flash('error', 'There is no scheduled cancellation to undo.');
        return res.redirect(303, back);
      }
      req.flash('success', 'Your subscription will renew as before.');
      res.redirect(303, back);
    }),
  );
  return router;
}
