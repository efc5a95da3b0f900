import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { asyncHandler } from '../../../src/http/async.js';
import { unreadCountOf } from '../../../src/http/locals.js';
import { paginate } from '../../../src/http/pagination.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { countUnreadNotifications, listNotifications } from '../../../src/notify/list-notifications.js';
import { markAllNotificationsRead, markNotificationRead } from '../../../src/notify/mark-notifications-read.js';
import { requireCustomer } from '../../middleware/require-customer.js';

const PER_PAGE = 20;
const idParam = z.coerce.number().int().positive();

/**
 * `res.locals.notificationsUnread` (and its badge label) for the bell in the portal layout, on pages a signed-in
 * customer opens (GET): the count read with the user (src/http/locals.ts), else one indexed COUNT.
 */
export const bellLocals: RequestHandler = (req, res, next) => {
  if (!req.user || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
  const loaded = unreadCountOf(req.user);
  (loaded === undefined ? countUnreadNotifications(req.user.id) : Promise.resolve(loaded))
    .then((unread) => {
      res.locals.notificationsUnread = unread;
      res.locals.notificationsUnreadLabel = unread > 99 ? '99+' : String(unread);
      next();
    })
    .catch(next);
};

/** Only relative links inside the portal are followed after marking a notification read. */
function safeTarget(url: string | null | undefined): string {
  return url && /^\/account(\/|$)/.test(url) && !url.startsWith('//') ? url : '/account/notifications';
}

/** /account/notifications: the customer's in-app notifications, mark one or all read. */
export function notificationsRouter(): Router {
  const router = Router();
  router.use(requireCustomer);

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const unreadOnly = req.query.filter === 'unread';
      const probe = paginate({ page: req.query.page, perPage: PER_PAGE, total: Number.MAX_SAFE_INTEGER, path: '/account/notifications' });
      const page = await listNotifications(req.user!.id, { limit: PER_PAGE, offset: probe.offset, unreadOnly });
      const pagination = paginate({ page: req.query.page, perPage: PER_PAGE, total: page.total, path: '/account/notifications', query: req.query as Record<string, unknown> });
      res.set('Cache-Control', 'no-store').render('account/notifications/index', {
        layout: 'portal',
        pageTitle: 'Notifications',
        notifications: page.items.map((n) => n.get({ plain: true })),
        unread: page.unread,
        unreadOnly,
        pagination,
      });
    }),
  );

  router.post(
    '/read-all',
    asyncHandler(async (req, res) => {
      const changed = await markAllNotificationsRead(req.user!.id, ctxOf(req));
      req.flash('success', changed ? 'All notifications are marked as read.' : 'There were no unread notifications.');
      res.redirect(303, '/account/notifications');
    }),
  );

  router.post(
    '/:id/read',
    asyncHandler(async (req, res) => {
      const notification = await markNotificationRead(req.user!.id, idParam.catch(0).parse(req.params.id), ctxOf(req));
      res.redirect(303, req.body?.open === '1' ? safeTarget(notification.url) : '/account/notifications');
    }),
  );

  return router;
}
