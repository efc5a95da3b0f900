import { ForbiddenError } from '../lib/errors.js';
import { Notification, User } from '../models/index.js';

export interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
}

/** A user's in-app notifications, newest first (only theirs: every query is scoped to `userId`). */
export async function listNotifications(userId: number, opts: { limit?: number; offset?: number; unreadOnly?: boolean } = {}): Promise<NotificationPage> {
  const where = { userId, ...(opts.unreadOnly ? { readAt: null } : {}) };
  const [{ rows, count }, unread] = await Promise.all([
    Notification.findAndCountAll({ where, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: Math.min(opts.limit ?? 20, 100), offset: opts.offset ?? 0 }),
    countUnreadNotifications(userId),
  ]);
  return { items: rows, total: count, unread };
}

/** How many of a user's notifications are unread (the bell's badge). */
export function countUnreadNotifications(userId: number): Promise<number> {
  return Notification.count({ where: { userId, readAt: null } });
}

/** A staff member's notifications for the back office, newest first (`readAt` null = unread); a customer's id is refused. */
export async function listStaffNotifications(userId: number, opts: { limit?: number; offset?: number; unreadOnly?: boolean } = {}): Promise<NotificationPage> {
  const user = await User.findByPk(userId, { attributes: ['id', 'role'] });
  if (!user?.isStaff) throw new ForbiddenError('staff_only', 'Only staff have back-office notifications');
  return listNotifications(userId, opts);
}
