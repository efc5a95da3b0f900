import { expect } from 'chai';
import { loadUserWithCustomer } from '../../../src/http/locals.js';
import { Customer, User } from '../../../src/models/index.js';
import { createCustomer, createUser } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';

/** Plain values with dates as ISO text, keys sorted: what a page or a check could read. */
function plain(user: User | null): unknown {
  if (!user) return null;
  return JSON.parse(JSON.stringify(user.get({ plain: true }), (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  ));
}

describe('the signed-in user of a request', () => {
  before(async () => {
    await resetDatabase();
  });

  it('when a customer user is loaded for a request, then it equals the users row with its customer profile, without secrets', async () => {
    const customer = await createCustomer({ company: 'Loaded Ltd' });
    const user = await User.scope('withSecrets').findByPk(customer.userId, { rejectOnEmpty: true });
    await user.update({ emailVerifiedAt: new Date('2026-01-02T03:04:05Z'), totpSecretEnc: 'secret-at-rest' });
    const loaded = await loadUserWithCustomer(user.id);
    expect(plain(loaded)).to.deep.equal(plain(await User.findByPk(user.id, { include: [{ model: Customer, as: 'customer' }] })));
    expect(loaded!.emailVerifiedAt).to.be.an.instanceOf(Date);
    expect(loaded!.customer!.company).to.equal('Loaded Ltd');
    expect(loaded!.get('passwordHash')).to.equal(undefined);
    expect(loaded!.get('totpSecretEnc')).to.equal(undefined);
  });

  it('when a user has no customer profile or does not exist, then the profile is null or nothing is loaded', async () => {
    const staff = await createUser({}, 'support');
    const loaded = await loadUserWithCustomer(staff.id);
    expect(loaded!.id).to.equal(staff.id);
    expect(loaded!.customer).to.equal(null);
    expect(await loadUserWithCustomer(987_654)).to.equal(null);
  });
});
