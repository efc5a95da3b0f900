import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { confirmPassword } from '../../../src/auth/confirm-password.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { AppError, ConflictError, NotFoundError, ProvisioningError, ValidationError } from '../../../src/lib/errors.js';
import type { Service } from '../../../src/models/index.js';
import type { ProvisionCredentials } from '../../../src/provisioning/driver.js';
import { powerAction } from '../../../src/provisioning/services/power-action.js';
import { reinstallService } from '../../../src/provisioning/services/reinstall-service.js';
import { resetServicePassword } from '../../../src/provisioning/services/reset-service-password.js';
import { findCustomerService } from '../../../src/portal-queries/customer-records.js';
import { serviceControls } from '../../../src/portal-queries/service-controls.js';
import { oncePerSubmission, submissionField } from '../once.js';
import { serviceView } from './view.js';

const csrf = z.string().optional();
const powerBody = z.object({ _csrf: csrf, action: z.enum(['boot', 'shutdown', 'restart']), submission: submissionField }).strict();
const reinstallBody = z
  .object({ _csrf: csrf, osTemplate: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024), confirm: z.literal('yes'), submission: submissionField })
  .strict();
const resetBody = z.object({ _csrf: csrf, password: z.string().min(1).max(1024), submission: submissionField }).strict();

const POWER_DONE: Record<string, string> = {
  boot: 'The server is starting.',
  shutdown: 'The server is shutting down.',
  restart: 'The server is restarting.',
};

/** The customer-facing sentence for a failed service action; anything unexpected is rethrown. */
function failureMessage(err: unknown, disabledReason: string | null): string {
  if (err instanceof NotFoundError) throw err;
  if (err instanceof ConflictError) return disabledReason ?? 'This service cannot do that right now.';
  if (err instanceof ValidationError) return err.message;
  if (err instanceof ProvisioningError) return 'The control panel did not answer. Nothing was changed; please try again in a few minutes.';
  if (err instanceof AppError) return err.message;
  throw err;
}

/**
 * Runs a panel control once per form submission and flashes the outcome: `done`, "already being processed"
 * for a submission still running (or sent again), or why the panel refused.
 */
async function runControl(
  req: Request,
  service: Service,
  scope: string,
  submission: string,
  request: Record<string, unknown>,
  run: () => Promise<unknown>,
  done: string,
): Promise<void> {
  try {
    const once = await oncePerSubmission(req, scope, submission, { serviceId: service.id, ...request }, async () => {
      await run();
      return request;
    });
    req.flash(once.status === 'busy' ? 'info' : 'success', once.status === 'busy' ? 'That request is already being processed.' : done);
  } catch (err) {
    req.flash('error', failureMessage(err, serviceControls(service).disabledReason));
  }
}

async function passwordOk(req: Request, password: string): Promise<boolean> {
  try {
    await confirmPassword({ userId: req.user!.id, password }, ctxOf(req));
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'password_wrong') return false;
    throw err;
  }
}

function back(res: Response, serviceId: number): void {
  res.redirect(303, `/account/services/${serviceId}`);
}

/** POST /account/services/:id/{power,reinstall,reset-password}: each once per rendered form, with a flash result. */
export function mountServiceActions(router: Router): void {
  router.post(
    '/:id/power',
    asyncHandler(async (req, res) => {
      const service = await findCustomerService(req.customer!.id, req.params.id);
      const body = powerBody.safeParse(req.body);
      if (!body.success) {
        req.flash('error', 'Choose start, shut down or restart.');
        return back(res, service.id);
      }
      const { action, submission } = body.data;
      await runControl(req, service, 'service.power', submission, { action }, () => powerAction(service.id, action, ctxOf(req)), POWER_DONE[action]);
      back(res, service.id);
    }),
  );

  router.post(
    '/:id/reinstall',
    asyncHandler(async (req, res) => {
      const service = await findCustomerService(req.customer!.id, req.params.id);
      const body = reinstallBody.safeParse(req.body);
      if (!body.success) {
        req.flash('error', 'Choose an operating system, tick the box to confirm that the disk will be erased, and enter your password.');
        return back(res, service.id);
      }
      if (!(await passwordOk(req, body.data.password))) {
        req.flash('error', 'That password is not correct. Nothing was reinstalled.');
        return back(res, service.id);
      }
      const { osTemplate, submission } = body.data;
      await runControl(req, service, 'service.reinstall', submission, { osTemplate }, () => reinstallService(service.id, { osTemplate }, ctxOf(req)), 'The reinstall has started. The server is back in a few minutes with a fresh system.');
      back(res, service.id);
    }),
  );

  router.post(
    '/:id/reset-password',
    asyncHandler(async (req, res) => {
      const service = await findCustomerService(req.customer!.id, req.params.id);
      const body = resetBody.safeParse(req.body);
      if (!body.success) {
        req.flash('error', 'Enter your password to reset the server password.');
        return back(res, service.id);
      }
      if (!(await passwordOk(req, body.data.password))) {
        req.flash('error', 'That password is not correct. The server password was not changed.');
        return back(res, service.id);
      }
      let fresh: ProvisionCredentials | null = null;
      try {
        // NOTE: the stored result holds no secret; a repeated form is sent to the access details instead.
        const once = await oncePerSubmission(req, 'service.reset_password', body.data.submission, { serviceId: service.id }, async () => {
          fresh = await resetServicePassword(service.id, ctxOf(req));
          return { reset: true };
        });
        if (once.status === 'busy' || !fresh) {
          req.flash('info', 'The password was already reset. Use "Show access details" to see it.');
          return back(res, service.id);
        }
      } catch (err) {
        req.flash('error', failureMessage(err, serviceControls(service).disabledReason));
        return back(res, service.id);
      }
      res.set('Cache-Control', 'no-store').render('account/services/credentials', {
        layout: 'portal',
        pageTitle: `New password for ${service.hostname ?? service.reference}`,
        service: serviceView(service),
        resetDone: true,
        credentials: Object.entries(fresh as ProvisionCredentials).map(([key, value]) => ({ key, value })),
      });
    }),
  );
}
