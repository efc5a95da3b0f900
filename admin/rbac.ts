import type { Action, ActionContext, ActionResponse, CurrentAdmin, IsFunction } from 'adminjs';
import { STAFF_ROLES } from '../src/models/enums.js';

/** Who may do what in the back office. Enforced with `isAccessible` (the API refuses), not only hidden. */

export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a built-in action does, for the matrix. */
export type Operation = 'read' | 'create' | 'edit' | 'delete';

export const BUILT_IN_ACTIONS = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'] as const;
export type BuiltInAction = (typeof BUILT_IN_ACTIONS)[number];

export const OPERATION_OF: Readonly<Record<BuiltInAction, Operation>> = {
  list: 'read',
  show: 'read',
  search: 'read',
  new: 'create',
  edit: 'edit',
  delete: 'delete',
  bulkDelete: 'delete',
};

/**
 * Grants beyond `admin` for one resource (keyed by table name, the AdminJS resource id).
 * `actions` grants custom actions by name; `never` lists operations or actions nobody may run, admin included.
 */
export interface Grants {
  read?: StaffRole[];
  create?: StaffRole[];
  edit?: StaffRole[];
  delete?: StaffRole[];
  actions?: Record<string, StaffRole[]>;
  never?: Array<Operation | string>;
}

const READ_ONLY: Operation[] = ['create', 'edit', 'delete'];
/** NOTE: money rows are corrected by credit notes and new ledger rows, never deleted. */
const MONEY_ROW: Grants = { read: ['finance'], never: ['delete'] };

/**
 * The role matrix. admin: everything (except `never`). support: customers (read, account
 * suspension), services (power/suspend/expiry), tickets, order review. finance: invoices,
 * payments, refunds, credit notes, coupons, reports. A resource missing here is admin-only.
 */
export const ROLE_MATRIX: Readonly<Record<string, Grants>> = {
  // Customers
  users: { read: ['support'] },
  customers: { read: ['support', 'finance'], actions: { overview: ['support', 'finance'], impersonate: ['support'], dunningExemption: ['finance'], suspendAccount: ['support'], unsuspendAccount: ['support'] } },
  admin_notes: { read: ['support', 'finance'], create: ['support', 'finance'] },
  api_tokens: {},
  sessions: { never: READ_ONLY },
  // Catalog
  plans: { read: ['support', 'finance'] },
  plan_prices: { read: ['support', 'finance'] },
  config_options: { read: ['support', 'finance'] },
  config_option_prices: { read: ['support', 'finance'] },
  plan_config_options: { read: ['support', 'finance'] },
  addons: { read: ['support', 'finance'] },
  addon_prices: { read: ['support', 'finance'] },
  plan_addons: { read: ['support', 'finance'] },
  coupons: { read: ['finance'], create: ['finance'], edit: ['finance'], delete: ['finance'] },
  coupon_amounts: { read: ['finance'], create: ['finance'], edit: ['finance'], delete: ['finance'] },
  // Billing
  subscriptions: { read: ['support', 'finance'], actions: { cancelAtPeriodEnd: ['support'], cancelNow: ['support'], extendDueDate: ['finance'] } },
  invoices: {
    ...MONEY_ROW, create: ['finance'], edit: ['finance'],
    actions: {
      issue: ['finance'], void: ['finance'], recordBankTransfer: ['finance'], refundToCredit: ['finance'], refundToGateway: ['finance'],
      resend: ['finance'], bulkResend: ['finance'], dunningExemption: ['finance'], extendDueDate: ['finance'],
    },
  },
  invoice_lines: { ...MONEY_ROW, never: READ_ONLY },
  credit_notes: { ...MONEY_ROW, never: READ_ONLY },
  ledger_entries: { ...MONEY_ROW, never: READ_ONLY },
  payments: { ...MONEY_ROW, never: READ_ONLY },
  payment_attempts: { ...MONEY_ROW, never: READ_ONLY },
  refunds: { ...MONEY_ROW, never: READ_ONLY },
  gateway_events: { read: ['finance'], never: READ_ONLY },
  tax_rates: { read: ['finance'] },
  fx_rates: { read: ['finance'] },
  // Provisioning
  services: { read: ['support', 'finance'], actions: { suspend: ['support'], unsuspend: ['support'], power: ['support'], terminate: [], bulkSuspend: ['support'], retryProvisioning: ['support'], extendExpiry: ['support'], restoreArchived: [] } },
  provisioning_tasks: { read: ['support'], never: READ_ONLY },
  provisioning_logs: { read: ['support'], never: READ_ONLY },
  orders: { read: ['support', 'finance'], actions: { approve: ['support'], reject: ['support'] } },
  // Support
  tickets: { read: ['support'], create: ['support'], edit: ['support'], actions: { desk: ['support'] } },
  ticket_departments: { read: ['support'] },
  canned_responses: { read: ['support'], create: ['support'], edit: ['support'] },
  ticket_replies: { read: ['support'], create: ['support'] },
  contact_messages: { read: ['support'], edit: ['support'] },
  articles: { read: ['support'], create: ['support'], edit: ['support'], delete: ['support'] },
  // System
  settings: {},
  audit_logs: { never: READ_ONLY, actions: { exportCsv: [] } },
  mail_outbox: { read: ['support', 'finance'], never: READ_ONLY, actions: { resend: ['support'] } },
  notifications: { read: ['support', 'finance'], never: READ_ONLY, actions: { markAllRead: ['support', 'finance'] } },
};

/** The staff role of the signed-in user, if any. */
export function roleOf(currentAdmin?: CurrentAdmin): StaffRole | undefined {
  const role = currentAdmin?.role;
  return (STAFF_ROLES as readonly string[]).includes(role) ? (role as StaffRole) : undefined;
}

/** An `isAccessible` that lets only the given roles through. */
export function can(...roles: StaffRole[]): IsFunction {
  return ({ currentAdmin }: ActionContext) => {
    const role = roleOf(currentAdmin);
    return !!role && roles.includes(role);
  };
}

/** Roles allowed an operation (or a custom action by name) on a resource: admin plus the grants, minus `never`. */
export function rolesFor(resourceId: string, operation: Operation | string): StaffRole[] {
  const grants = ROLE_MATRIX[resourceId] ?? {};
  if (grants.never?.includes(operation)) return [];
  const granted = (operation in OPERATION_NAMES ? grants[operation as Operation] : grants.actions?.[operation]) ?? [];
  return ['admin', ...granted];
}
const OPERATION_NAMES: Record<Operation, true> = { read: true, create: true, edit: true, delete: true };

/** Whether a role may run an action (built-in or custom) on a resource. */
export function isAllowed(role: StaffRole | undefined, resourceId: string, action: string): boolean {
  const operation = (OPERATION_OF as Record<string, Operation>)[action] ?? action;
  return !!role && rolesFor(resourceId, operation).includes(role);
}

/** An action definition as resource options take it. */
export type AnyAction = Partial<Action<ActionResponse>>;

/**
 * Sets `isAccessible` on every built-in action and on each given custom action from the matrix.
 * An action's own `isAccessible` (e.g. "only draft invoices") is kept and must pass as well.
 */
export function applyRoleMatrix(resourceId: string, actions: Record<string, AnyAction> = {}): Record<string, AnyAction> {
  const out: Record<string, AnyAction> = { ...actions };
  const names = new Set<string>([...BUILT_IN_ACTIONS, ...Object.keys(actions)]);
  for (const name of names) {
    const own = out[name]?.isAccessible;
    const allowedRole: IsFunction = (context) => isAllowed(roleOf(context.currentAdmin), resourceId, name);
    const isAccessible: IsFunction =
      own === undefined ? allowedRole : (context) => allowedRole(context) && (typeof own === 'function' ? own(context) : own);
    out[name] = { ...out[name], isAccessible };
  }
  return out;
}
