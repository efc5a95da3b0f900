import express, { type Request, type Response, type Router } from 'express';
import { asyncHandler } from '../../src/http/async.js';
import { rateLimiter } from '../../src/http/rate-limit.js';
import { ctxOf } from '../../src/http/request-context.js';
import { ContactValidationError, submitContactMessage, type ContactErrors } from '../../src/site/submit-contact-message.js';

const FIELDS = ['name', 'email', 'subject', 'message', 'website'] as const;

function render(res: Response, values: Record<string, string>, errors: ContactErrors = {}): void {
  res.render('site/contact', {
    layout: 'site',
    pageTitle: 'Contact us',
    metaDescription: 'Questions about a plan, a custom quote or a partnership? Send us a message and an engineer will answer.',
    canonicalPath: '/contact',
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  });
}

function formValues(req: Request): Record<(typeof FIELDS)[number], string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(FIELDS.map((f) => [f, typeof body[f] === 'string' ? body[f] : ''])) as Record<(typeof FIELDS)[number], string>;
}

export const contactRouter: Router = express.Router();

contactRouter.get('/contact', (_req, res) => {
  // NOTE: the form carries the session's CSRF token, so this page is never shared-cached.
  res.set('Cache-Control', 'private, no-store');
  render(res, {});
});

contactRouter.post(
  '/contact',
  rateLimiter({ name: 'site-contact', windowMs: 60 * 60_000, limit: 10 }),
  asyncHandler(async (req, res) => {
    const values = formValues(req);
    try {
      await submitContactMessage(values, ctxOf(req));
    } catch (err) {
      if (!(err instanceof ContactValidationError)) throw err;
      res.status(422);
      return render(res, values, err.fields);
    }
    req.flash('success', 'Thanks, your message is on its way. We usually answer within one business day.');
    res.redirect(303, '/contact');
  }),
);
