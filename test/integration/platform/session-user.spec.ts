import { expect } from 'chai';
import { loadUserWithCustomer, unreadCountOf } from '../../../src/http/locals.js';
import { Customer, Notification, User } from '../../../src/models/index.js';
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
    await customer.update({ emailPreferences: { marketing: false, invoices: true, serviceUpdates: true, bandwidthAlerts: false }, dunningExempt: true });
    const user = await User.scope('withSecrets').findByPk(customer.userId, { rejectOnEmpty: true });
    await user.update({ emailVerifiedAt: new Date('2026-01-02T03:04:05Z'), totpSecretEnc: 'secret-at-rest', passwordlessEnabled: true });
    const loaded = await loadUserWithCustomer(user.id);
    expect(plain(loaded)).to.deep.equal(plain(await User.findByPk(user.id, { include: [{ model: Customer, as: 'customer' }] })));
    expect(loaded!.emailVerifiedAt).to.be.an.instanceOf(Date);
    expect(loaded!.passwordlessEnabled).to.equal(true);
    expect(loaded!.isNewRecord).to.equal(false);
    expect(loaded!.customer!.dunningExempt).to.equal(true);
    expect(loaded!.customer!.emailPreferences).to.deep.include({ marketing: false, bandwidthAlerts: false });
    expect(loaded!.customer!.company).to.equal('Loaded Ltd');
    expect(loaded!.get('passwordHash')).to.equal(undefined);
    expect(loaded!.get('totpSecretEnc')).to.equal(undefined);
  });

  it('when a user has unread and read notifications, then the load carries the unread count (the bell of every page)', async () => {
    const customer = await createCustomer();
    const other = await createCustomer();
    const note = (userId: number, readAt: Date | null) => Notification.create({ userId, type: 'ticket.replied', title: 'Bell', url: '/account/tickets', readAt });
    await Promise.all([note(customer.userId, null), note(customer.userId, null), note(customer.userId, new Date()), note(other.userId, null)]);
    const loaded = await loadUserWithCustomer(customer.userId);
    expect(unreadCountOf(loaded!)).to.equal(2);
  });

  it('when a user has no customer profile or does not exist, then the profile is null or nothing is loaded', async () => {
    const staff = await createUser({}, 'support');
    const loaded = await loadUserWithCustomer(staff.id);
    expect(loaded!.id).to.equal(staff.id);
    expect(loaded!.customer).to.equal(null);
    expect(await loadUserWithCustomer(987_654)).to.equal(null);
  });
});
