import { Router } from 'express';
import { NotFoundError } from '../../../src/lib/errors.js';
import { requireCustomer } from '../../middleware/require-customer.js';
import { bellLocals, notificationsRouter } from '../notifications/index.js';
import { ticketListRoutes } from './list-routes.js';
import { ticketThreadRoutes } from './thread-routes.js';

/** /account/tickets: the signed-in customer's tickets; every lookup is scoped to `req.customer.id`. */
export function ticketsRouter(): Router {
  const router = Router();
  router.use(requireCustomer, (req, _res, next) => next(req.customer ? undefined : new NotFoundError('customer_not_found', 'Not found')));
  router.use(ticketListRoutes());
  router.use(ticketThreadRoutes());
  return router;
}

/**
 * Support and notifications in the portal, mounted at /account ('/'): the bell's unread count on every page,
 * /account/notifications, /account/tickets, and /account/support (the sidebar's link) leading to the tickets.
 */
export function supportRouter(): Router {
  const router = Router();
  router.use(bellLocals);
  router.get('/support', (_req, res) => res.redirect(303, '/account/tickets'));
  router.use('/notifications', notificationsRouter());
  router.use('/tickets', ticketsRouter());
  return router;
}
