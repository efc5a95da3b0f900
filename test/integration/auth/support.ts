import { randomUUID } from 'node:crypto';
import { clock } from '../../../src/lib/clock.js';
import type { Ctx } from '../../../src/lib/context.js';
import { MailOutbox, User } from '../../../src/models/index.js';
import { createCustomer, createUser, type UserAttrs } from '../../factories/identity.js';
import type { RoleName } from '../../../src/models/enums.js';

export const PASSWORD = 'correct horse battery';
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/** A request-like context: a customer at an address with a browser. */
export function ctx(overrides: { ip?: string; userAgent?: string; userId?: number | null } = {}): Ctx {
  return {
    actor: { type: 'customer', userId: overrides.userId ?? null, ip: overrides.ip ?? '203.0.113.10', userAgent: overrides.userAgent ?? FIREFOX_LINUX },
    now: clock.now(),
    requestId: randomUUID(),
  };
}

export interface AccountTraits {
  email?: string;
  password?: string;
  role?: RoleName;
  verified?: boolean;
  suspended?: boolean;
  legacy?: { hash: string; algo: string | null };
}

/** A customer (user + profile) or a staff user, made with the identity factories. */
export async function createAccount(traits: AccountTraits = {}): Promise<User> {
  const user: UserAttrs = {
    ...(traits.email ? { email: traits.email } : {}),
    password: traits.password ?? PASSWORD,
    firstName: 'Ada',
    lastName: 'Lovelace',
    ...(traits.legacy ? { passwordHash: null, legacyPasswordHash: traits.legacy.hash, legacyHashAlgo: traits.legacy.algo } : {}),
  };
  const role = traits.role ?? 'customer';
  if (role !== 'customer') return createUser(user, role);
  const customer = await createCustomer({ user }, ...(traits.verified === false ? (['unverified'] as const) : []), ...(traits.suspended ? (['suspended'] as const) : []));
  return customer.user!;
}

/** The user row with its secrets, as the database holds it now. */
export async function reloadUser(id: number): Promise<User> {
  return (await User.scope('withSecrets').findByPk(id))!;
}

/** Mails written to the outbox for an address (oldest first), optionally of one template. */
export async function mailsTo(email: string, template?: string): Promise<MailOutbox[]> {
  return MailOutbox.findAll({ where: { toAddress: email, ...(template ? { template } : {}) }, order: [['id', 'ASC']] });
}

/** The token of the link `/account/<path>?token=...` in a mail's text part. */
export function tokenInMail(mail: MailOutbox, path: string): string {
  const match = new RegExp(`/account/${path}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text ?? '');
  if (!match?.[1]) throw new Error(`No /account/${path} link in mail ${mail.template}`);
  return decodeURIComponent(match[1]);
}

/** Runs `fn` and returns the AppError code it threw (fails when it did not throw). */
export async function errorCode(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  throw new Error('expected an error, got none');
}
