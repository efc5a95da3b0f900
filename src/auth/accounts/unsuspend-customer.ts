import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { unsuspendService } from '../../provisioning/services/unsuspend-service.js';
import { assertStaff } from '../../support/staff-guard.js';
import { ACCOUNT_UNSUSPENDED, currentSuspensionCause, lockOpenAccount, servicesToUnsuspend } from './account-suspension.js';

export interface UnsuspendCustomerInput {
  readonly customerId: number;
  readonly reason?: string | null;
  /** Also lift the panel suspension of the services the account suspension switched off. */
  readonly unsuspendServices?: boolean;
}

export interface UnsuspendCustomerOutcome {
  /** False when the account was already active (nothing about the account changed). */
  readonly changed: boolean;
  /** Provisioning unsuspend tasks queued now (a repeat queues none). */
  readonly servicesQueued: number;
}

/**
 * Staff lift an account suspension: the customer may sign in again. Optionally the services the
 * suspension switched off are unsuspended (never those suspended by billing for non-payment).
 * Audited with before/after; unsuspending an active account changes nothing.
 */
export async function unsuspendCustomer(input: UnsuspendCustomerInput, ctx: Ctx): Promise<UnsuspendCustomerOutcome> {
  assertStaff(ctx, 'unsuspend an account');
  const reason = input.reason?.trim() || null;
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const customer = await lockOpenAccount(input.customerId, t);
    let changed = false;
    if (customer.status === 'suspended') {
      await customer.update({ status: 'active' }, { transaction: t });
      await recordAudit(
        { action: ACCOUNT_UNSUSPENDED, entityType: 'customer', entityId: customer.id, before: { status: 'suspended' }, after: { status: 'active', servicesUnsuspended: Boolean(input.unsuspendServices) }, reason },
        tctx,
      );
      changed = true;
    }
    let servicesQueued = 0;
    const cause = input.unsuspendServices ? await currentSuspensionCause(customer.id, t) : null;
    if (cause) {
      for (const service of await servicesToUnsuspend(customer.id, cause, t)) {
        const outcome = await unsuspendService(service.id, { reason: reason ?? 'Account unsuspended', causeId: cause }, tctx);
        if (outcome.created) servicesQueued += 1;
      }
    }
    return { changed, servicesQueued };
  });
}
