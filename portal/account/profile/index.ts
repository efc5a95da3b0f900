import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import { OFFERED_CURRENCIES } from '../../../src/models/enums.js';
import { Customer } from '../../../src/models/index.js';
import { customerProfileInput, updateCustomerProfile } from '../../../src/portal-queries/update-customer-profile.js';
import { requireCustomer } from '../../middleware/require-customer.js';

const TEXT_FIELDS = ['company', 'phone', 'billingLine1', 'billingLine2', 'billingCity', 'billingRegion', 'billingPostalCode', 'billingCountry', 'taxId'] as const;
const PREFS = ['marketing', 'invoices', 'serviceUpdates', 'bandwidthAlerts'] as const;

/** The HTML form as posted: text fields, the currency, and checkboxes ("on" when ticked, absent otherwise). */
const profileForm = z
  .object({
    _csrf: z.string().optional(),
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, z.string().optional().default('')])),
    currency: z.string().optional().default(''),
    ...Object.fromEntries(PREFS.map((p) => [p, z.literal('on').optional()])),
  })
  .strict();

function render(req: Request, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').render('account/profile/index', {
    layout: 'portal',
    pageTitle: 'Profile',
    email: req.user?.email,
    values,
    errors,
    currencies: OFFERED_CURRENCIES.map((code) => ({ code, selected: values.currency === code })),
  });
}

function valuesOf(customer: Customer): Record<string, unknown> {
  const prefs = customer.emailPreferences ?? { marketing: false, invoices: true, serviceUpdates: true, bandwidthAlerts: true };
  return { ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, customer[f] ?? ''])), currency: customer.currency ?? 'USD', prefs };
}

/** /account/profile: contact details, billing address, tax id, currency and email preferences of `req.customer`. */
export function profileRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const customer = await Customer.findByPk(req.customer!.id, { rejectOnEmpty: new NotFoundError('customer_not_found', 'Not found') });
      render(req, res, valuesOf(customer));
    }),
  );

  router.post(
    '/',
    asyncHandler(async (req, res) => {
      const form = profileForm.safeParse(req.body);
      const raw = (form.success ? form.data : {}) as Record<string, string | undefined>;
      const candidate = {
        ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, raw[f] ?? ''])),
        currency: raw.currency ?? '',
        emailPreferences: Object.fromEntries(PREFS.map((p) => [p, raw[p] === 'on'])),
      };
      const parsed = customerProfileInput.safeParse(candidate);
      if (!form.success || !parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.success ? [] : parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
        if (!form.success) errors.form = 'Some fields were not understood; please check the form.';
        return render(req, res, { ...candidate, prefs: candidate.emailPreferences }, errors, 422);
      }
      await updateCustomerProfile(req.customer!.id, parsed.data, ctxOf(req));
      req.flash('success', 'Your profile is saved.');
      res.redirect(303, '/account/profile');
    }),
  );
  return router;
}
