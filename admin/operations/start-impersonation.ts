import { recordAudit } from '../../src/audit/record-audit.js';
import type { Ctx } from '../../src/lib/context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/errors.js';
import { Customer, User } from '../../src/models/index.js';
import { IMPERSONATOR_ROLES, signImpersonationToken } from '../../src/auth/impersonation/token.js';

/** Staff roles that may view the portal as a customer. */

/**
 * Starts viewing the portal as a customer: checks the staff member's role and the customer, writes
 * `customer.impersonation_started` (who, when, why) and returns the single-use hand-over token
 * for /account/impersonation/start.
 */
export async function startImpersonation(input: { customerId: number; reason: string }, ctx: Ctx): Promise<{ token: string; auditId: number }> {
  const { actor } = ctx;
  if (actor.type !== 'staff' || !actor.userId || !(IMPERSONATOR_ROLES as readonly string[]).includes(actor.role ?? '')) {
    throw new ForbiddenError('impersonation_forbidden', 'Only admin and support staff may view the portal as a customer');
  }
  const reason = input.reason.trim();
  if (reason.length < 3) throw new ValidationError('impersonation_reason_required', 'Say why you need to view the portal as this customer');
  const customer = await Customer.findByPk(input.customerId, { include: [{ model: User, as: 'user', attributes: ['id', 'email', 'role'] }] });
  if (!customer?.user) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
  if (customer.user.role !== 'customer') throw new ConflictError('impersonation_not_customer', 'Only customer accounts can be viewed this way');
  if (customer.status === 'closed') throw new ConflictError('customer_closed', 'This customer account is closed');
  const audit = await recordAudit(
    { action: 'customer.impersonation_started', entityType: 'customer', entityId: customer.id, before: null, after: { userId: customer.user.id, email: customer.user.email }, reason },
    ctx,
  );
  const token = signImpersonationToken({ auditId: audit.id, staffId: actor.userId, customerId: customer.id, userId: customer.user.id }, ctx.now);
  return { token, auditId: audit.id };
}
