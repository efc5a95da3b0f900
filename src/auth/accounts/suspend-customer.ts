import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { suspendService } from '../../provisioning/services/suspend-service.js';
import { revokeUserSessions } from '../sessions/revoke-user-sessions.js';
import { assertStaff, requiredReason } from '../../support/staff-guard.js';
import { ACCOUNT_SUSPENDED, currentSuspensionCause, lockOpenAccount, servicesToSuspend } from './account-suspension.js';

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
  assertStaff(ctx, 'suspend an account');
  const reason = requiredReason(input.reason, 'suspension_reason_required', 'A reason is required to suspend an account');
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const customer = await lockOpenAccount(input.customerId, t);
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
