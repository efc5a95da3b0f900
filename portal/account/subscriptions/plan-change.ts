import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { CYCLE_LABELS } from '../../../src/billing/catalog/configuration.js';
import { changePlan } from '../../../src/billing/subscriptions/change-plan.js';
import { previewPlanChange, type PlanChangePreview } from '../../../src/billing/subscriptions/preview-plan-change.js';
import { asyncHandler } from '../../../src/http/async.js';
import { formatMinor } from '../../../src/http/helpers.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { AppError, NotFoundError } from '../../../src/lib/errors.js';
import { BILLING_CYCLES } from '../../../src/models/enums.js';
import type { Subscription } from '../../../src/models/index.js';
import { findCustomerSubscription } from '../../../src/portal-queries/customer-records.js';
import { listPlanChoices } from '../../../src/portal-queries/plan-choices.js';
import { newSubmissionId, oncePerSubmission, submissionField } from '../once.js';
import { addonFields, addonsField, addonsListedField, changedAddons, changedOptions, choiceQuery, configurationChanges, loadCurrentOptions, optionFields, optionsField } from './plan-change-options.js';

const choice = z.object({ planId: z.coerce.number().int().positive(), cycle: z.enum(BILLING_CYCLES), options: optionsField, addons: addonsField, addonsListed: addonsListedField });
const previewQuery = choice.strict();
/** What the form is filled with when the customer comes back to it (every part optional, anything else ignored). */
const refillQuery = choice.partial().catch({});
const confirmBody = choice.extend({ _csrf: z.string().optional(), submission: submissionField }).strict();

/** What a confirmed change answers, kept (without secrets) to replay a repeated form. */
interface ChangeOutcome {
  timing: 'now' | 'period_end';
  /** What changed when the plan and cycle stay: "options", "add-ons" or "options and add-ons". */
  itemsOnly?: string;
  invoiceId: number | null;
  invoiceNumber: string | null;
  creditGrantedMinor: number;
  amountMinor: number;
  currency: string;
  planName: string;
  effectiveAt: string | null;
}

/** "options", "add-ons" or both: what a change that keeps the plan and cycle asked for. */
function itemsChanged(options: Readonly<Record<string, string>>, addons: readonly string[] | undefined): string {
  const someOptions = Object.keys(options).length > 0;
  return someOptions && addons ? 'options and add-ons' : addons ? 'add-ons' : 'options';
}

function changeable(s: Subscription): boolean {
  return s.status === 'active' && !s.cancelAtPeriodEnd;
}

/** The customer-facing sentence for a refused preview or change (an unknown error is rethrown). */
function refusal(err: unknown): string {
  if (!(err instanceof AppError)) throw err;
  if (err.code === 'option_price_not_found') return 'One of the options you chose is not sold with this billing cycle. Choose another cycle or set the option back.';
  // NOTE: the subscription itself was found before; a NotFound here is the chosen plan or its price for that cycle.
  if (err instanceof NotFoundError) return 'That plan is not sold with this billing cycle. Choose another cycle or plan.';
  if (err.code === 'plan_change_noop') return 'That is the plan, billing cycle, options and add-ons you have now.';
  if (err.code === 'invalid_transition') return 'Only an active subscription that is not cancelling can change plan.';
  if (err.code === 'option_not_offered') return 'The plan you chose does not offer one of the options you changed. Set it back or choose another plan.';
  if (err.code === 'addon_not_offered') return 'The plan you chose does not offer one of the add-ons you picked. Untick it or choose another plan.';
  if (err.code === 'addon_price_not_found') return 'One of the add-ons you picked is not sold with this billing cycle. Choose another cycle or untick it.';
  if (err.code === 'options_with_scheduled_downgrade') return OPTIONS_WITH_DOWNGRADE;
  return err.message;
}

const OPTIONS_WITH_DOWNGRADE = 'A smaller plan starts only at the end of the period, so it cannot change options or add-ons now. Change those on their own first, then the plan.';

function previewView(p: PlanChangePreview): Record<string, unknown> {
  return {
    direction: p.direction,
    timing: p.timing,
    outcome: p.outcome,
    amountMinor: p.amountMinor,
    currency: p.next.currency,
    currentName: p.current.plan.name,
    currentCycle: CYCLE_LABELS[p.current.cycle],
    nextName: p.next.plan.name,
    nextCycle: CYCLE_LABELS[p.next.cycle],
    changes: configurationChanges(p.current, p.next),
    lines: (p.invoice?.lines ?? []).map((l) => ({ description: l.description, amountMinor: l.amountMinor })),
    subtotalMinor: p.invoice?.subtotalMinor ?? 0,
    taxes: p.invoice?.taxes ?? [],
    taxMinor: p.invoice?.taxMinor ?? 0,
    totalMinor: p.invoice?.totalMinor ?? 0,
    newPeriod: p.newPeriod,
  };
}

function done(req: Request, res: Response, subscriptionId: number, o: ChangeOutcome): void {
  const money = (minor: number) => formatMinor(minor, o.currency);
  if (o.timing === 'period_end') {
    req.flash('success', `Your plan changes to ${o.planName} at the end of the current period${o.effectiveAt ? ` (${o.effectiveAt.slice(0, 10)})` : ''}. Nothing is charged now.`);
    return res.redirect(303, `/account/subscriptions/${subscriptionId}`);
  }
  const changed = o.itemsOnly ? `Your ${o.itemsOnly} are changed.` : `Your plan is now ${o.planName}.`;
  if (o.invoiceId) {
    req.flash('success', `${changed} Invoice ${o.invoiceNumber ?? o.invoiceId} for ${money(o.amountMinor)} covers the rest of this period.`);
    return res.redirect(303, `/account/billing/invoices/${o.invoiceId}`);
  }
  req.flash('success', o.creditGrantedMinor > 0 ? `${changed} ${money(o.creditGrantedMinor)} for the unused time was added to your account credit.` : changed);
  res.redirect(303, `/account/subscriptions/${subscriptionId}`);
}

/** GET change form, GET preview, POST confirm under /account/subscriptions/:id/change. */
export function mountPlanChange(router: Router): void {
  router.get(
    '/:id/change',
    asyncHandler(async (req, res) => {
      const subscription = await findCustomerSubscription(req.customer!.id, req.params.id);
      const open = changeable(subscription);
      const refill = refillQuery.parse(req.query);
      const plans = open ? await listPlanChoices(subscription) : [];
      const options = open ? await loadCurrentOptions(subscription) : null;
      const planId = refill.planId && plans.some((p) => p.id === refill.planId) ? refill.planId : subscription.planId;
      const cycle = refill.cycle ?? subscription.cycle;
      res.set('Cache-Control', 'no-store').render('account/subscriptions/change', {
        layout: 'portal',
        pageTitle: 'Change plan, options or add-ons',
        subscription: { ...subscription.get({ plain: true }), planName: subscription.plan?.name ?? '' },
        changeable: open,
        plans: plans.map((p) => ({ ...p, checked: p.id === planId })),
        cycles: BILLING_CYCLES.map((c) => ({ value: c, label: CYCLE_LABELS[c], current: c === cycle })),
        options: options ? optionFields(options, refill.options ?? {}, subscription.cycle) : [],
        addons: options ? addonFields(options, refill.addonsListed ? (refill.addons ?? []) : undefined) : [],
        cycleLabel: CYCLE_LABELS[subscription.cycle],
      });
    }),
  );

  router.get(
    '/:id/change/preview',
    asyncHandler(async (req, res) => {
      const subscription = await findCustomerSubscription(req.customer!.id, req.params.id);
      const form = `/account/subscriptions/${subscription.id}/change`;
      const query = previewQuery.safeParse(req.query);
      if (!query.success) {
        req.flash('error', 'Choose a plan and a billing cycle.');
        return res.redirect(303, form);
      }
      const back = `${form}${choiceQuery({ ...query.data, addons: query.data.addonsListed ? (query.data.addons ?? []) : undefined })}`;
      let preview: PlanChangePreview;
      let options: Record<string, string> = {};
      let addons: string[] | undefined;
      try {
        const current = changeable(subscription) ? await loadCurrentOptions(subscription) : null;
        options = current ? changedOptions(query.data.options, current) : {};
        addons = current ? changedAddons(query.data.addons, query.data.addonsListed === '1', current) : undefined;
        preview = await previewPlanChange({ subscriptionId: subscription.id, newPlanId: query.data.planId, newCycle: query.data.cycle, options, addons }, ctxOf(req).now);
      } catch (err) {
        req.flash('error', refusal(err));
        return res.redirect(303, back);
      }
      if (preview.outcome === 'scheduled' && (Object.keys(options).length > 0 || addons)) {
        req.flash('error', OPTIONS_WITH_DOWNGRADE);
        return res.redirect(303, back);
      }
      res.set('Cache-Control', 'no-store').render('account/subscriptions/preview', {
        layout: 'portal',
        pageTitle: 'Confirm the change',
        subscription: { ...subscription.get({ plain: true }), planName: subscription.plan?.name ?? '' },
        preview: previewView(preview),
        choice: { planId: query.data.planId, cycle: query.data.cycle, options, addons },
        back,
        submission: newSubmissionId(),
      });
    }),
  );

  router.post(
    '/:id/change',
    asyncHandler(async (req, res) => {
      const subscription = await findCustomerSubscription(req.customer!.id, req.params.id);
      const form = `/account/subscriptions/${subscription.id}/change`;
      const body = confirmBody.safeParse(req.body);
      if (!body.success) {
        req.flash('error', 'Choose a plan and a billing cycle.');
        return res.redirect(303, form);
      }
      const { planId, cycle, options, submission } = body.data;
      // NOTE: the preview sends every add-on wanted after the change, and only when they change.
      const addons = body.data.addonsListed ? (body.data.addons ?? []) : undefined;
      try {
        const once = await oncePerSubmission(req, 'subscription.change_plan', submission, { subscriptionId: subscription.id, planId, cycle, options, addons: addons ?? null }, async (): Promise<ChangeOutcome> => {
          const result = await changePlan({ subscriptionId: subscription.id, newPlanId: planId, newCycle: cycle, options, addons }, ctxOf(req));
          const { current, next } = result.preview;
          return {
            timing: result.preview.timing,
            itemsOnly: current.plan.id === next.plan.id && current.cycle === next.cycle ? itemsChanged(options, addons) : undefined,
            invoiceId: result.invoice?.id ?? null,
            invoiceNumber: result.invoice?.number ?? null,
            creditGrantedMinor: result.creditGrantedMinor,
            amountMinor: Number(result.invoice?.totalMinor ?? result.preview.amountMinor),
            currency: next.currency,
            planName: next.plan.name,
            effectiveAt: result.preview.timing === 'period_end' ? (subscription.currentPeriodEnd?.toISOString() ?? null) : null,
          };
        });
        if (once.status === 'busy') {
          req.flash('info', 'Your plan change is already being processed.');
          return res.redirect(303, `/account/subscriptions/${subscription.id}`);
        }
        done(req, res, subscription.id, once.result);
      } catch (err) {
        req.flash('error', refusal(err));
        res.redirect(303, `${form}${choiceQuery({ planId, cycle, options, addons })}`);
      }
    }),
  );
}
