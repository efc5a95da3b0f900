import type { ActionResponse } from 'adminjs';
import type { RequestHandler } from 'express';
import { asyncHandler } from '../src/http/async.js';
import { countUnreadNotifications } from '../src/notify/list-notifications.js';
import { markAllNotificationsRead } from '../src/notify/mark-notifications-read.js';
import { Components } from './component-loader.js';
import { staffCtx } from './context.js';
import type { AnyAction } from './rbac.js';

/** GET …/notifications/unread.json: the signed-in staff member's unread count, for the bell in the top bar. */
export const unreadNotificationsCount: RequestHandler = asyncHandler(async (req, res) => {
  const userId = Number(req.session.userId);
  res.set('Cache-Control', 'no-store').json({ unread: userId ? await countUnreadNotifications(userId) : 0 });
});

/** "Mark all read" on the staff notifications list: the signed-in staff member's own notifications only. */
export const markAllReadAction: AnyAction = {
  actionType: 'resource',
  icon: 'CheckCircle',
  component: Components.ActionForm,
  custom: { intro: 'confirmMarkAllRead', fields: [] },
  handler: async (request, _response, { currentAdmin }): Promise<ActionResponse> => {
    const userId = Number(currentAdmin?.id);
    if (request.method !== 'post' || !userId) return {};
    const marked = await markAllNotificationsRead(userId, staffCtx(currentAdmin));
    return { notice: { message: marked ? 'notificationsMarkedRead' : 'noUnreadNotifications', type: 'success' } };
  },
};
