import { expect } from 'chai';
import { systemCtx } from '../../../src/lib/context.js';
import { Notification } from '../../../src/models/index.js';
import { countUnreadNotifications, listNotifications, listStaffNotifications } from '../../../src/notify/list-notifications.js';
import { markAllNotificationsRead, markNotificationRead } from '../../../src/notify/mark-notifications-read.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';

const note = (userId: number, title: string) => Notification.create({ userId, type: 'invoice.issued', title, url: '/account' });

describe('notify: in-app notifications', () => {
  beforeEach(resetDatabase);

  it('when a user marks one or all read, then only their own notifications change', async () => {
    const a = await createCustomer();
    const b = await createCustomer();
    const [first] = [await note(a.userId, 'A1'), await note(a.userId, 'A2')];
    const theirs = await note(b.userId, 'B1');
    expect(await countUnreadNotifications(a.userId)).to.equal(2);

    await markNotificationRead(a.userId, first!.id, systemCtx());
    expect(await countUnreadNotifications(a.userId)).to.equal(1);
    const err = await markNotificationRead(a.userId, theirs.id, systemCtx()).catch((e: unknown) => e);
    expect((err as { status?: number }).status).to.equal(404);

    expect(await markAllNotificationsRead(a.userId, systemCtx())).to.equal(1);
    expect(await countUnreadNotifications(a.userId)).to.equal(0);
    expect(await countUnreadNotifications(b.userId)).to.equal(1);
    const page = await listNotifications(a.userId);
    expect(page.items.map((n) => n.title).sort()).to.deep.equal(['A1', 'A2']);
    expect(page.unread).to.equal(0);
  });

  it("when the back office lists a staff member's notifications, then it gets theirs and refuses a customer's id", async () => {
    const staff = await createStaff('support');
    const customer = await createCustomer();
    await note(staff.id, 'Ticket T-000001 assigned');
    const page = await listStaffNotifications(staff.id, { unreadOnly: true });
    expect(page.items.map((n) => n.title)).to.deep.equal(['Ticket T-000001 assigned']);
    const err = await listStaffNotifications(customer.userId).catch((e: unknown) => e);
    expect((err as { code?: string }).code).to.equal('staff_only');
  });
});
