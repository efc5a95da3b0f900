import { Router } from 'express';
import { Op } from 'sequelize';
import { z } from 'zod';
import { cancelSubscription } from '../../billing/subscriptions/cancel-subscription.js';
import { renderInvoicePdf } from '../../billing/pdf/render-invoice-pdf.js';
import { clock } from '../../lib/clock.js';
import { INVOICE_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES } from '../../models/enums.js';
import { BandwidthUsage, Invoice, Service } from '../../models/index.js';
import {
  findCustomerInvoice,
  findCustomerService,
  findCustomerSubscription,
  listCustomerServices,
  listCustomerSubscriptions,
} from '../../portal-queries/customer-records.js';
import { powerAction } from '../../provisioning/services/power-action.js';
import { findCustomerTicket } from '../../support/find-ticket.js';
import { listCustomerTickets } from '../../support/list-customer-tickets.js';
import { openTicket } from '../../support/open-ticket.js';
import { apiCtx, customerIdOf, guarded, principalOf } from '../principal.js';
import { once, pageOf, sendAll, sendList } from '../request.js';
import { invoiceJson, serviceJson, subscriptionJson, ticketJson } from '../serialize.js';

const DAY_MS = 86_400_000;

const powerBody = z.object({ action: z.enum(['boot', 'shutdown', 'restart']) });
const cancelBody = z.object({ mode: z.enum(['immediately', 'period_end']).default('period_end'), reason: z.string().trim().min(1).max(255), feedback: z.string().max(2000).optional() });
const ticketBody = z.object({
  department_id: z.number().int().positive(),
  subject: z.string().trim().min(1).max(191),
  message: z.string().trim().min(1).max(20_000),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  service_id: z.number().int().positive().nullable().optional(),
});
const bandwidthQuery = z.object({
  service_id: z.coerce.number().int().positive().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** Routes a customer's token reaches: only that customer's records (another customer's id answers 404). */
export function customerRoutes(): Router {
  const router = Router();

  router.get('/me', (_req, res) => {
    const { user, customer, token } = principalOf(res);
    res.json({
      data: {
        user: { id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName, role: user.role },
        customer: customer ? { id: customer.id, company: customer.company, status: customer.status, currency: customer.currency } : null,
        token: { name: token.name, prefix: token.tokenPrefix, abilities: token.abilities, expires_at: token.expiresAt?.toISOString() ?? null },
      },
    });
  });

  router.get(
    '/services',
    guarded('read', async (_req, res) => {
      const services = await listCustomerServices(customerIdOf(res));
      sendAll(res, services.map(serviceJson));
    }),
  );

  router.get(
    '/services/:id',
    guarded('read', async (req, res) => {
      res.json({ data: serviceJson(await findCustomerService(customerIdOf(res), req.params.id)) });
    }),
  );

  router.post(
    '/services/:id/power',
    guarded('write', async (req, res) => {
      const service = await findCustomerService(customerIdOf(res), req.params.id);
      const { action } = powerBody.parse(req.body ?? {});
      await once(req, res, async () => {
        await powerAction(service.id, action, apiCtx(req, res));
        return true;
      });
      res.status(202).json({ data: { service_id: service.id, action, accepted: true } });
    }),
  );

  router.get(
    '/invoices',
    guarded('read', async (req, res) => {
      const status = z.enum(INVOICE_STATUSES).exclude(['draft']).optional().parse(req.query.status ?? undefined);
      const paging = pageOf(req);
      const where = { customerId: customerIdOf(res), status: status ?? { [Op.ne]: 'draft' as const } };
      const { rows, count } = await Invoice.findAndCountAll({ where, order: [['id', 'DESC']], limit: paging.perPage, offset: paging.offset });
      sendList(res, rows.map((i) => invoiceJson(i)), { ...paging, total: count });
    }),
  );

  router.get(
    '/invoices/:id',
    guarded('read', async (req, res) => {
      const { invoice, balance } = await findCustomerInvoice(customerIdOf(res), req.params.id);
      res.json({ data: invoiceJson(invoice, balance) });
    }),
  );

  router.get(
    '/invoices/:id/pdf',
    guarded('read', async (req, res) => {
      const { invoice } = await findCustomerInvoice(customerIdOf(res), req.params.id);
      const pdf = await renderInvoicePdf(invoice.id);
      res
        .status(200)
        .type('application/pdf')
        .set('Content-Disposition', `attachment; filename="${(invoice.number ?? `invoice-${invoice.id}`).replace(/[^\w.-]/g, '_')}.pdf"`)
        .send(pdf);
    }),
  );

  router.get(
    '/subscriptions',
    guarded('read', async (_req, res) => {
      const subscriptions = await listCustomerSubscriptions(customerIdOf(res));
      sendAll(res, subscriptions.map(subscriptionJson));
    }),
  );

  router.post(
    '/subscriptions/:id/cancel',
    guarded('write', async (req, res) => {
      const subscription = await findCustomerSubscription(customerIdOf(res), req.params.id);
      const body = cancelBody.parse(req.body ?? {});
      await once(req, res, async () => {
        await cancelSubscription({ subscriptionId: subscription.id, mode: body.mode, reason: body.reason, feedback: body.feedback ?? null }, apiCtx(req, res));
        return true;
      });
      res.json({ data: subscriptionJson(await findCustomerSubscription(customerIdOf(res), subscription.id)) });
    }),
  );

  router.get(
    '/tickets',
    guarded('read', async (req, res) => {
      const status = z.enum(TICKET_STATUSES).optional().parse(req.query.status ?? undefined);
      const paging = pageOf(req);
      const { rows, total } = await listCustomerTickets(customerIdOf(res), { status, limit: paging.perPage, offset: paging.offset });
      sendList(res, rows.map(ticketJson), { ...paging, total });
    }),
  );

  router.get(
    '/tickets/:id',
    guarded('read', async (req, res) => {
      res.json({ data: ticketJson(await findCustomerTicket(customerIdOf(res), req.params.id)) });
    }),
  );

  router.post(
    '/tickets',
    guarded('write', async (req, res) => {
      const body = ticketBody.parse(req.body ?? {});
      const customerId = customerIdOf(res);
      const ticketId = await once(req, res, async () => {
        const ticket = await openTicket(
          { customerId, departmentId: body.department_id, subject: body.subject, message: body.message, priority: body.priority, serviceId: body.service_id ?? null, via: 'api' },
          apiCtx(req, res),
        );
        return ticket.id;
      });
      res.status(201).json({ data: ticketJson(await findCustomerTicket(customerId, ticketId)) });
    }),
  );

  router.get(
    '/bandwidth',
    guarded('read', async (req, res) => {
      const q = bandwidthQuery.parse(req.query);
      const customerId = customerIdOf(res);
      const to = q.to ?? clock.now().toISOString().slice(0, 10);
      const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * DAY_MS).toISOString().slice(0, 10);
      const services = await Service.findAll({ where: { customerId, ...(q.service_id ? { id: q.service_id } : {}) }, attributes: ['id'] });
      if (q.service_id && services.length === 0) await findCustomerService(customerId, q.service_id);
      const rows = await BandwidthUsage.findAll({
        where: { serviceId: services.map((s) => s.id), day: { [Op.between]: [from, to] } },
        order: [['serviceId', 'ASC'], ['day', 'ASC']],
      });
      sendList(
        res,
        rows.map((r) => ({ service_id: r.serviceId, day: r.day, bytes_in: Number(r.bytesIn), bytes_out: Number(r.bytesOut) })),
        { page: 1, perPage: rows.length, total: rows.length },
      );
    }),
  );

  return router;
}
