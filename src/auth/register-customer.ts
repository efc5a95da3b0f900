import { config } from '../../config/index.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ConflictError } from '../lib/errors.js';
import { Customer, User } from '../models/index.js';
import { auditSecurityEvent } from './audit.js';
import { hashPassword } from './passwords.js';
import type { RegisterInput } from './schemas.js';
import { sendVerificationEmail } from './send-verification-email.js';

function emailTaken(): ConflictError {
  return new ConflictError('email_taken', 'An account with this email already exists. Sign in, or reset your password if you forgot it.');
}

/** Creates a customer (user + profile) in one transaction and mails the email-verification link. */
export async function registerCustomer(input: RegisterInput, ctx: Ctx): Promise<{ user: User; customer: Customer }> {
  const email = input.email.trim().toLowerCase();
  // NOTE: hashed before the transaction so the slow argon2 work never holds a write lock.
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(ctx, async (transaction) => {
      const tx = withTx(ctx, transaction);
      if (await User.findOne({ where: { email }, transaction })) throw emailTaken();
      const user = await User.create(
        { email, passwordHash, role: 'customer', firstName: input.firstName, lastName: input.lastName },
        { transaction },
      );
      const customer = await Customer.create(
        {
          userId: user.id,
          company: input.company ?? null,
          currency: config().baseCurrency,
          isBusiness: Boolean(input.company),
          billingCountry: input.country,
          signupIp: ctx.actor.ip ?? null,
        },
        { transaction },
      );
      await sendVerificationEmail(user.id, tx);
      await auditSecurityEvent({ action: 'customer.registered', userId: user.id, after: { email, customerId: customer.id } }, tx);
      return { user, customer };
    });
  } catch (err) {
    // NOTE: two sign-ups with one address at once: the unique index on users.email decides.
    if (isUniqueViolation(err) && /users\.email|users_email_unique/.test(String((err as { parent?: Error }).parent?.message))) throw emailTaken();
    throw err;
  }
}
