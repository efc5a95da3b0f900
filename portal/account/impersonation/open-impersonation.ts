import { isUniqueViolation } from '../../../src/db/transaction.js';
import type { Ctx } from '../../../src/lib/context.js';
import { sha256 } from '../../../src/lib/crypto.js';
import { ForbiddenError, ValidationError } from '../../../src/lib/errors.js';
import { AuditLog, Customer, IdempotencyRecord, User } from '../../../src/models/index.js';
import { IMPERSONATOR_ROLES, invalidImpersonationToken, readImpersonationToken, type ImpersonationClaims } from '../../../src/auth/impersonation/token.js';

const CLAIM_SCOPE = 'impersonation-token';
const DAY_MS = 86_400_000;

/**
 * Spends a hand-over token: valid signature, not expired, never used before (its nonce is claimed
 * under a unique key, so two concurrent uses open one session), the start audited, the staff member
 * still admin or support and the customer account still open. Returns the claims to sign in with.
 */
export async function openImpersonation(token: unknown, ctx: Ctx): Promise<ImpersonationClaims> {
  const claims = readImpersonationToken(token);
  if (claims.expiresAt <= ctx.now.getTime()) {
    throw new ValidationError('impersonation_token_expired', 'This impersonation link has expired. Start again from the back office.');
  }
  try {
    await IdempotencyRecord.create(
      { scope: CLAIM_SCOPE, key: claims.nonce, requestHash: sha256(String(token)), status: 'completed', expiresAt: new Date(claims.expiresAt + DAY_MS) },
      { transaction: ctx.transaction },
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidImpersonationToken();
    throw err;
  }
  const started = await AuditLog.findByPk(claims.auditId, { transaction: ctx.transaction });
  if (!started || started.action !== 'customer.impersonation_started' || started.actorId !== claims.staffId || started.entityId !== String(claims.customerId)) {
    throw invalidImpersonationToken();
  }
  const staff = await User.findByPk(claims.staffId, { transaction: ctx.transaction });
  if (!staff || staff.suspendedAt || !(IMPERSONATOR_ROLES as readonly string[]).includes(staff.role)) {
    throw new ForbiddenError('impersonation_forbidden', 'Your role does not allow viewing the portal as a customer.');
  }
  const customer = await Customer.findByPk(claims.customerId, { transaction: ctx.transaction });
  if (!customer || customer.userId !== claims.userId || customer.status === 'closed') throw invalidImpersonationToken();
  return claims;
}
