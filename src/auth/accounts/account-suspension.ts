// NOTE: An account suspension (customers.status 'suspended') stops the customer from signing in to
// the portal; billing is untouched (subscriptions keep renewing, invoices stay due). Staff may also
// switch the customer's services off: each active service gets a provisioning suspend task whose
// cause is the suspension's audit row (`account:<audit id>`), so repeating the request queues
// nothing new and unsuspending the account can lift exactly the services it suspended.
import { Op, type Transaction } from 'sequelize';
import { lockCustomer } from '../../billing/credit/customer-credit.js';
import { ConflictError } from '../../lib/errors.js';
import { AuditLog, type Customer, ProvisioningTask, Service, Subscription } from '../../models/index.js';
import { provisioningTaskKey } from '../../provisioning/orchestration/request-provisioning-action.js';

export const ACCOUNT_SUSPENDED = 'customer.suspended';
export const ACCOUNT_UNSUSPENDED = 'customer.unsuspended';

/** The customer row, locked, refused when the account is closed (a closed account is neither suspended nor lifted). */
export async function lockOpenAccount(customerId: number, t: Transaction): Promise<Customer> {
  const customer = await lockCustomer(customerId, t);
  if (customer.status === 'closed') throw new ConflictError('customer_closed', 'This customer account is closed');
  return customer;
}

/** The provisioning cause of the customer's latest account suspension, or null if never suspended. */
export async function currentSuspensionCause(customerId: number, t: Transaction): Promise<string | null> {
  const row = await AuditLog.findOne({
    where: { action: ACCOUNT_SUSPENDED, entityType: 'customer', entityId: String(customerId) },
    order: [['id', 'DESC']],
    attributes: ['id'],
    transaction: t,
  });
  return row ? `account:${row.id}` : null;
}

/** The customer's services a suspension switches off: live (not archived) and active now. */
export function servicesToSuspend(customerId: number, t: Transaction): Promise<Service[]> {
  return Service.findAll({ where: { customerId, status: 'active' }, order: [['id', 'ASC']], transaction: t });
}

/**
 * The services this suspension (`cause`) asked to switch off that may run again: not terminated,
 * not archived, and not held by billing (a subscription suspended for non-payment stays off).
 */
export async function servicesToUnsuspend(customerId: number, cause: string, t: Transaction): Promise<Service[]> {
  const services = await Service.findAll({ where: { customerId, status: { [Op.ne]: 'terminated' } }, order: [['id', 'ASC']], transaction: t });
  if (services.length === 0) return [];
  const keys = services.map((s) => provisioningTaskKey(s.id, 'suspend', cause));
  const tasks = await ProvisioningTask.findAll({ where: { idempotencyKey: keys }, attributes: ['serviceId'], transaction: t });
  const suspended = new Set(tasks.map((task) => task.serviceId));
  const held = await Subscription.findAll({
    where: { id: services.map((s) => s.subscriptionId), status: 'suspended' },
    attributes: ['id'],
    transaction: t,
  });
  const heldIds = new Set(held.map((s) => s.id));
  return services.filter((s) => suspended.has(s.id) && !heldIds.has(s.subscriptionId));
}
