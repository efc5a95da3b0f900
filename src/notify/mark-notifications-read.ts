import { NotFoundError } from '../lib/errors.js';
import type { Ctx } from '../lib/context.js';
import { Notification } from '../models/index.js';

/** Marks one of the user's notifications read (another user's id is a 404); returns it, for its link. */
export async function markNotificationRead(userId: number, notificationId: number, ctx: Ctx): Promise<Notification> {
  const notification = await Notification.findOne({ where: { id: notificationId, userId }, transaction: ctx.transaction });
  if (!notification) throw new NotFoundError('notification_not_found', 'Notification not found');
  if (!notification.readAt) await notification.update({ readAt: ctx.now }, { transaction: ctx.transaction });
  return notification;
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllNotificationsRead(userId: number, ctx: Ctx): Promise<number> {
  const [changed] = await Notification.update({ readAt: ctx.now }, { where: { userId, readAt: null }, transaction: ctx.transaction });
  return changed;
}
