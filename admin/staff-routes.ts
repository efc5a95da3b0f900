import type { Router } from 'express';
import { exportAuditLogCsv } from './audit/export-csv.js';
import { requireStaff } from './auth/require-staff.js';
import { unreadNotificationsCount } from './notifications-bell.js';

/** Paths of our own back-office routes (relative to ADMIN_PATHS.root). */
export const STAFF_ROUTES = {
  auditLogCsv: '/exports/audit-log.csv',
  unreadNotifications: '/notifications/unread.json',
} as const;

/** Our own routes next to AdminJS's (downloads), each behind requireStaff and its own role check. */
export function mountStaffRoutes(router: Router): void {
  router.get(STAFF_ROUTES.auditLogCsv, requireStaff, exportAuditLogCsv);
  router.get(STAFF_ROUTES.unreadNotifications, requireStaff, unreadNotificationsCount);
}
