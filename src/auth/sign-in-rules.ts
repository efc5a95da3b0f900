import { Customer, User } from '../models/index.js';
import { STAFF_ROLES } from '../models/enums.js';
import { accountClosed, accountLocked, accountSuspended, staffAccount } from './errors.js';

/** A user with the columns sign-in needs, secrets included. */
export async function findUserForSignIn(where: { email: string } | { id: number }): Promise<User | null> {
  return User.scope('withSecrets').findOne({ where, include: [{ model: Customer, as: 'customer' }] });
}

/** Throws while the account is locked after too many failures. */
export function assertNotLocked(user: User, now: Date): void {
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) throw accountLocked(user.lockedUntil, now);
}

/**
 * Who may hold a portal session: customers whose account is neither suspended nor closed.
 * Called only once the credentials are proven, so these messages reveal nothing to a stranger.
 */
export function assertMayUsePortal(user: User): void {
  if (user.role !== 'customer') throw staffAccount();
  if (isSuspended(user)) throw accountSuspended();
  if (user.customer?.status === 'closed') throw accountClosed();
}

/** Suspended as a user (users.suspended_at) or as a customer account (customers.status). */
export function isSuspended(user: User): boolean {
  return Boolean(user.suspendedAt) || user.customer?.status === 'suspended';
}

/** Who may hold a back-office session: admin, support or finance, not suspended. */
export function isBackOfficeUser(user: Pick<User, 'role' | 'suspendedAt'>): boolean {
  return (STAFF_ROLES as readonly string[]).includes(user.role) && !user.suspendedAt;
}
