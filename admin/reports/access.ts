import type { CurrentAdmin } from 'adminjs';
import { roleOf, type StaffRole } from '../rbac.js';

/** Who may open the Reports page and download its exports: finance and admin (support is refused). */
export const REPORT_ROLES: readonly StaffRole[] = ['admin', 'finance'];

/** Whether the signed-in staff member may use the finance reports. */
export function mayUseReports(currentAdmin?: CurrentAdmin | null): boolean {
  const role = roleOf(currentAdmin ?? undefined);
  return !!role && REPORT_ROLES.includes(role);
}
