import { recordAudit } from '../../audit/record-audit.js';
import { forUpdate, inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Customer } from '../../models/index.js';
import { suspendService } from '../../provisioning/services/suspend-service.js';
import { revokeUserSessions } from '../sessions/revoke-user-sessions.js';
import { ACCOUNT_SUSPENDED, currentSuspensionCause, servicesToSuspend } from './account-suspension.js';

export interface SuspendCustomerInput {
  readonly customerId: number;
  readonly reason: string;
  /** Also queue a panel suspension for each of the customer's active services. */
  readonly suspendServices?: boolean;
}

export interface SuspendCustomerOutcome {
  /** False when the account was already suspended (nothing about the account changed). */
  readonly changed: boolean;
  /** Portal sessions ended now. */
  readonly sessionsEnded: number;
  /** Provisioning suspend tasks queued now (a repeat queues none). */
  readonly servicesQueued: number;
}

/**
 * Staff suspend a customer account: the portal refuses sign-in (src/auth/sign-in-rules.ts) and every
 * portal session ends; optionally the active services are suspended on their panels too. Audited with
 * before/after; suspending a suspended account changes nothing (only services not yet asked are queued).
 */
export async function suspendCustomer(input: SuspendCustomerInput, ctx: Ctx): Promise<SuspendCustomerOutcome> {
  if (ctx.actor.type !== 'staff') throw new ForbiddenError('staff_only', 'Only staff can suspend an account');
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 3) throw new ValidationError('suspension_reason_required', 'A reason is required to suspend an account');
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const customer = await Customer.findByPk(input.customerId, forUpdate(t));
    if (!customer) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
    if (customer.status === 'closed') throw new ConflictError('customer_closed', 'This customer account is closed');
    let changed = false;
    let sessionsEnded = 0;
    if (customer.status !== 'suspended') {
      const before = { status: customer.status };
      await customer.update({ status: 'suspended' }, { transaction: t });
      sessionsEnded = await revokeUserSessions({ userId: customer.userId }, tctx);
      await recordAudit(
        { action: ACCOUNT_SUSPENDED, entityType: 'customer', entityId: customer.id, before, after: { status: 'suspended', sessionsEnded, servicesSuspended: Boolean(input.suspendServices) }, reason },
        tctx,
      );
      changed = true;
    }
    let servicesQueued = 0;
    if (input.suspendServices) {
      const cause = await currentSuspensionCause(customer.id, t);
      for (const service of await servicesToSuspend(customer.id, t)) {
        const outcome = await suspendService(service.id, { reason: `Account suspended: ${reason}`, causeId: cause }, tctx);
        if (outcome.created) servicesQueued += 1;
      }
    }
    return { changed, sessionsEnded, servicesQueued };
  });
}
