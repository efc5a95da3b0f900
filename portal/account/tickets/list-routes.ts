import { Router, type Response } from 'express';
import { getSetting } from '../../../src/settings/index.js';
import { asyncHandler } from '../../../src/http/async.js';
import { paginate } from '../../../src/http/pagination.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { MAX_FILES_PER_REPLY } from '../../../src/support/attachments/check-uploads.js';
import { listCustomerTickets } from '../../../src/support/list-customer-tickets.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { ticketFormOptions } from '../../../src/support/ticket-form-options.js';
import type { TicketStatus } from '../../../src/models/enums.js';
import { formErrors, formFields, MB, newTicketBody, renderPortal, STATUS_LABELS, statusFilter } from './forms.js';
import { readMultipart } from './multipart.js';

const PER_PAGE = 20;
const FILTERS = [
  { status: '', label: 'All' },
  { status: 'awaiting_customer', label: 'Waiting for your reply' },
  { status: 'open', label: 'Open' },
  { status: 'awaiting_staff', label: 'Waiting for support' },
  { status: 'closed', label: 'Closed' },
];

async function renderNewForm(res: Response, customerId: number, data: Record<string, unknown>, status = 200): Promise<void> {
  const options = await ticketFormOptions(customerId);
  const maxMb = await getSetting('support.max_attachment_mb');
  renderPortal(res, 'account/tickets/new', 'New ticket', { options, maxMb, maxFiles: MAX_FILES_PER_REPLY, values: { priority: 'normal' }, errors: {}, ...data }, status);
}

/** The customer's ticket list (status filter) and the new-ticket form. */
export function ticketListRoutes(): Router {
  const router = Router();

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const status = statusFilter(req.query.status);
      const probe = paginate({ page: req.query.page, perPage: PER_PAGE, total: Number.MAX_SAFE_INTEGER, path: '/account/tickets' });
      const { rows, total } = await listCustomerTickets(req.customer!.id, { status, limit: PER_PAGE, offset: probe.offset });
      const pagination = paginate({ page: req.query.page, perPage: PER_PAGE, total, path: '/account/tickets', query: req.query as Record<string, unknown> });
      const tickets = rows.map((t) => ({ ...t.get({ plain: true }), departmentName: t.department?.name ?? '', statusLabel: STATUS_LABELS[t.status as TicketStatus] }));
      const filters = FILTERS.map((f) => ({ ...f, href: f.status ? `/account/tickets?status=${f.status}` : '/account/tickets', current: (status ?? '') === f.status }));
      renderPortal(res, 'account/tickets/index', 'Support tickets', { tickets, filters, status: status ?? null, pagination, total });
    }),
  );

  router.get(
    '/new',
    asyncHandler(async (req, res) => renderNewForm(res, req.customer!.id, {})),
  );

  // NOTE: a generous cap per account: it stops a script from flooding the support queue, never a person.
  const limit = rateLimiter({ name: 'account-ticket-open', windowMs: 60 * 60_000, limit: 20, key: (req) => `user:${req.user?.id ?? req.ip}` });

  router.post(
    '/',
    limit,
    asyncHandler(async (req, res) => {
      const maxMb = await getSetting('support.max_attachment_mb');
      const { fields, files } = await readMultipart(req, { maxFileBytes: maxMb * MB, maxTotalBytes: (MAX_FILES_PER_REPLY * maxMb + 1) * MB });
      const values = formFields(fields);
      try {
        const input = newTicketBody.parse(values);
        const ticket = await openTicket({ ...input, serviceId: input.serviceId ?? null, customerId: req.customer!.id, attachments: files, via: 'web' }, ctxOf(req));
        req.flash('success', `Your ticket ${ticket.number} was sent. We will reply here and by email.`);
        res.redirect(303, `/account/tickets/${ticket.number}`);
      } catch (err) {
        const errors = formErrors(err);
        if (!errors) throw err;
        await renderNewForm(res, req.customer!.id, { values, errors: errors.fields, formError: errors.general ?? 'Please check the highlighted fields.' }, 422);
      }
    }),
  );

  return router;
}
