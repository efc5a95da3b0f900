import { Router, type Request, type Response } from 'express';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { sendAttachment } from '../../../src/http/send-attachment.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import type { TicketStatus } from '../../../src/models/enums.js';
import { getSetting } from '../../../src/settings/index.js';
import { MAX_FILES_PER_REPLY } from '../../../src/support/attachments/check-uploads.js';
import { openCustomerAttachment } from '../../../src/support/attachments/open-attachment.js';
import { closeTicket, reopenTicket } from '../../../src/support/close-ticket.js';
import { findCustomerTicket } from '../../../src/support/find-ticket.js';
import { loadTicketThread } from '../../../src/support/load-ticket-thread.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { attachmentIdParam, formErrors, formFields, MB, renderPortal, replyBody, STATUS_LABELS, ticketNumberParam } from './forms.js';
import { readMultipart } from './multipart.js';

/** The ticket number of the URL; anything that is not one is the same 404 as someone else's ticket. */
function numberOf(req: Request): string {
  const parsed = ticketNumberParam.safeParse(req.params.number);
  if (!parsed.success) throw new NotFoundError('ticket_not_found', 'Ticket not found');
  return parsed.data;
}

async function renderThread(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
  const thread = await loadTicketThread({ number: numberOf(req) }, { kind: 'customer', customerId: req.customer!.id });
  const { ticket } = thread;
  if (ticket.mergedIntoId) {
    const target = await findCustomerTicket(req.customer!.id, ticket.mergedIntoId);
    return res.redirect(303, `/account/tickets/${target.number}`);
  }
  const maxMb = await getSetting('support.max_attachment_mb');
  renderPortal(
    res,
    'account/tickets/show',
    `Ticket ${ticket.number}`,
    {
      ticket: { ...ticket.get({ plain: true }), statusLabel: STATUS_LABELS[ticket.status as TicketStatus], isClosed: ticket.status === 'closed' },
      departmentName: thread.departmentName,
      serviceLabel: thread.serviceLabel,
      messages: thread.messages.map((m) => ({ ...m, fromStaff: m.authorKind === 'staff', fromSystem: m.authorKind === 'system', paragraphs: m.body.split(/\n{2,}/).map((p) => p.split('\n')) })),
      maxMb,
      maxFiles: MAX_FILES_PER_REPLY,
      values: {},
      ...extra,
    },
    status,
  );
}

/** One ticket of the customer: thread, reply (with files), close, reopen, and its files. */
export function ticketThreadRoutes(): Router {
  const router = Router();

  router.get('/:number', asyncHandler((req, res) => renderThread(req, res)));

  const limit = rateLimiter({ name: 'account-ticket-reply', windowMs: 60 * 60_000, limit: 120, key: (req) => `user:${req.user?.id ?? req.ip}` });

  router.post(
    '/:number/replies',
    limit,
    asyncHandler(async (req, res) => {
      const number = numberOf(req);
      const maxMb = await getSetting('support.max_attachment_mb');
      const { fields, files } = await readMultipart(req, { maxFileBytes: maxMb * MB, maxTotalBytes: (MAX_FILES_PER_REPLY * maxMb + 1) * MB });
      const values = formFields(fields);
      try {
        const { message } = replyBody.parse(values);
        const { ticket } = await replyToTicket({ ticket: number, author: { kind: 'customer', customerId: req.customer!.id, userId: req.user!.id }, body: message, attachments: files, via: 'web' }, ctxOf(req));
        req.flash('success', 'Your reply was sent.');
        res.redirect(303, `/account/tickets/${ticket.number}#latest`);
      } catch (err) {
        const errors = formErrors(err);
        if (!errors) throw err;
        await renderThread(req, res, { values, replyError: errors.fields.message ?? errors.general ?? 'Please check your reply.' }, 422);
      }
    }),
  );

  router.post(
    '/:number/close',
    asyncHandler(async (req, res) => {
      const ticket = await closeTicket(numberOf(req), { kind: 'customer', customerId: req.customer!.id }, ctxOf(req));
      req.flash('success', `Ticket ${ticket.number} is closed. Reply to it any time to reopen it.`);
      res.redirect(303, `/account/tickets/${ticket.number}`);
    }),
  );

  router.post(
    '/:number/reopen',
    asyncHandler(async (req, res) => {
      const ticket = await reopenTicket(numberOf(req), { kind: 'customer', customerId: req.customer!.id }, ctxOf(req));
      req.flash('success', `Ticket ${ticket.number} is open again.`);
      res.redirect(303, `/account/tickets/${ticket.number}`);
    }),
  );

  router.get(
    '/:number/attachments/:id',
    asyncHandler(async (req, res) => {
      const ticket = await findCustomerTicket(req.customer!.id, numberOf(req));
      const id = attachmentIdParam.safeParse(req.params.id);
      if (!id.success) throw new NotFoundError('attachment_not_found', 'File not found');
      const file = await openCustomerAttachment(req.customer!.id, ticket.id, id.data);
      sendAttachment(res, file);
    }),
  );

  return router;
}
