import { Router } from 'express';
import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { PLAN_TYPES, SERVICE_STATUSES } from '../../models/enums.js';
import { Customer, Plan, Service, Subscription, User } from '../../models/index.js';
import { suspendService } from '../../provisioning/services/suspend-service.js';
import { apiCtx, guarded } from '../principal.js';
import { once, pageOf, sendList } from '../request.js';
import { customerJson, serviceJson } from '../serialize.js';

const STAFF_READERS = ['admin', 'support', 'finance'] as const;
const SERVICE_OPERATORS = ['admin', 'support'] as const;
const suspendBody = z.object({ reason: z.string().trim().min(1).max(255) });

/** LIKE pattern for a search term; wildcard characters are dropped (escaping differs between SQLite and MariaDB). */
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, '')}%`;

/** Routes for staff tokens (`admin:read` / `admin:write`), limited further by the staff member's role. */
export function adminRoutes(): Router {
  const router = Router();

  router.get(
    '/customers',
    guarded('admin:read', STAFF_READERS, async (req, res) => {
      const q = z.string().trim().max(100).optional().parse(req.query.q ?? undefined);
      const paging = pageOf(req);
      const like = q ? { [Op.like]: likeText(q) } : null;
      const where: WhereOptions = like
        ? { [Op.or]: [{ company: like }, { '$user.email$': like }, { '$user.first_name$': like }, { '$user.last_name$': like }] }
        : {};
      const { rows, count } = await Customer.findAndCountAll({
        where,
        include: [{ model: User, as: 'user', attributes: ['id', 'email', 'firstName', 'lastName'] }],
        order: [['id', 'DESC']],
        limit: paging.perPage,
        offset: paging.offset,
        subQuery: false,
      });
      sendList(res, rows.map(customerJson), { ...paging, total: count });
    }),
  );

  router.get(
    '/services',
    guarded('admin:read', STAFF_READERS, async (req, res) => {
      const filters = z
        .object({ status: z.enum(SERVICE_STATUSES).optional(), type: z.enum(PLAN_TYPES).optional(), customer_id: z.coerce.number().int().positive().optional() })
        .parse(req.query);
      const paging = pageOf(req);
      const where: WhereOptions = {
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.type ? { serviceType: filters.type } : {}),
        ...(filters.customer_id ? { customerId: filters.customer_id } : {}),
      };
      const { rows, count } = await Service.findAndCountAll({
        where,
        include: [{ model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] }],
        order: [['id', 'DESC']],
        limit: paging.perPage,
        offset: paging.offset,
      });
      sendList(res, rows.map((s) => ({ ...serviceJson(s), customer_id: s.customerId })), { ...paging, total: count });
    }),
  );

  router.post(
    '/services/:id/suspend',
    guarded('admin:write', SERVICE_OPERATORS, async (req, res) => {
      const id = z.coerce.number().int().positive().parse(req.params.id);
      const { reason } = suspendBody.parse(req.body ?? {});
      const queued = await once(req, res, async () => {
        const outcome = await suspendService(id, { reason, causeId: `api:${req.get('idempotency-key') ?? req.id}` }, apiCtx(req, res));
        return outcome.created;
      });
      res.status(202).json({ data: { service_id: id, action: 'suspend', queued } });
    }),
  );

  return router;
}
