import type { CreationAttributes } from 'sequelize';
import { hashPassword } from '../../src/auth/passwords.js';
import { clock } from '../../src/lib/clock.js';
import { encryptSecret } from '../../src/lib/crypto.js';
import { Customer, User, initModels } from '../../src/models/index.js';

/** The password of every factory user unless one is given. */
export const TEST_PASSWORD = 'correct horse battery staple';
/** The TOTP secret (base32) of users made with the 'with2fa' trait. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export type UserTrait = 'staff' | 'admin' | 'support' | 'finance' | 'verified' | 'unverified' | 'with2fa' | 'suspended' | 'locked';
export type CustomerTrait = 'unverified' | 'with2fa' | 'business' | 'taxExempt' | 'suspended' | 'closed' | 'eur' | 'gbp' | 'dunningExempt';

export type UserAttrs = Partial<CreationAttributes<User>> & { password?: string };
export type CustomerAttrs = Partial<CreationAttributes<Customer>> & { user?: UserAttrs };

let seq = 0;
const unique = (): string => `${process.pid}-${++seq}`;

const hashes = new Map<string, Promise<string>>();

/** One hash per distinct password per run: argon2id is slow on purpose, factories need not be. */
function passwordHash(plain: string): Promise<string> {
  let hash = hashes.get(plain);
  if (!hash) {
    hash = hashPassword(plain);
    hashes.set(plain, hash);
  }
  return hash;
}

const ROLE_TRAITS: Partial<Record<UserTrait, User['role']>> = { staff: 'admin', admin: 'admin', support: 'support', finance: 'finance' };

/**
 * A user; customers by default, unverified unless 'verified'. Traits: 'staff' (= admin), 'admin', 'support', 'finance'
 * (staff are verified), 'verified', 'unverified', 'with2fa' (TOTP with TEST_TOTP_SECRET), 'suspended', 'locked'.
 */
export async function createUser(attrs: UserAttrs = {}, ...traits: UserTrait[]): Promise<User> {
  initModels();
  const { password, ...rest } = attrs;
  const now = clock.now();
  const has = (t: UserTrait) => traits.includes(t);
  const role = traits.map((t) => ROLE_TRAITS[t]).find(Boolean) ?? 'customer';
  const values: CreationAttributes<User> = {
    email: `user-${unique()}@example.test`,
    firstName: 'Test',
    lastName: role === 'customer' ? 'Customer' : 'Staff',
    passwordHash: await passwordHash(password ?? TEST_PASSWORD),
    role,
    ...((role !== 'customer' || has('verified')) && !has('unverified') ? { emailVerifiedAt: now } : {}),
    ...(has('with2fa') ? { totpSecretEnc: encryptSecret(TEST_TOTP_SECRET), totpEnabledAt: now } : {}),
    ...(has('suspended') ? { suspendedAt: now, suspensionReason: 'Suspended by a test' } : {}),
    ...(has('locked') ? { failedLoginCount: 10, lockedUntil: new Date(now.getTime() + 15 * 60_000) } : {}),
    ...rest,
  };
  return User.create(values);
}

/**
 * A customer with its user (on `customer.user`), verified, USD, US address. Traits: 'unverified', 'with2fa', 'business'
 * (company + tax id), 'taxExempt', 'suspended', 'closed', 'eur' (DE), 'gbp' (GB), 'dunningExempt'.
 */
export async function createCustomer(attrs: CustomerAttrs = {}, ...traits: CustomerTrait[]): Promise<Customer> {
  const { user: userAttrs, ...rest } = attrs;
  const has = (t: CustomerTrait) => traits.includes(t);
  const userTraits: UserTrait[] = [has('unverified') ? 'unverified' : 'verified'];
  if (has('with2fa')) userTraits.push('with2fa');
  if (has('suspended')) userTraits.push('suspended');
  const user = await createUser(userAttrs ?? {}, ...userTraits);
  const country = has('eur') ? 'DE' : has('gbp') ? 'GB' : 'US';
  const customer = await Customer.create({
    userId: user.id,
    currency: has('eur') ? 'EUR' : has('gbp') ? 'GBP' : 'USD',
    billingLine1: '1 Test Street',
    billingCity: country === 'DE' ? 'Berlin' : country === 'GB' ? 'London' : 'Austin',
    billingPostalCode: country === 'DE' ? '10115' : country === 'GB' ? 'EC1A 1BB' : '78701',
    billingCountry: country,
    ...(country === 'US' ? { billingRegion: 'TX' } : {}),
    ...(has('business') ? { company: `Test Company ${unique()}`, isBusiness: true, taxId: country === 'DE' ? 'DE123456789' : 'US-12-3456789' } : {}),
    ...(has('taxExempt') ? { taxExempt: true } : {}),
    ...(has('suspended') ? { status: 'suspended' as const } : {}),
    ...(has('closed') ? { status: 'closed' as const } : {}),
    ...(has('dunningExempt') ? { dunningExempt: true } : {}),
    ...rest,
  });
  customer.user = user;
  return customer;
}

/** A staff member of the given role (admin by default). */
export function createStaff(role: 'admin' | 'support' | 'finance' = 'admin', attrs: UserAttrs = {}): Promise<User> {
  return createUser(attrs, role);
}
