import { expect } from 'chai';
import { Notification } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, browser, createStaff, signedIn } from './support.js';

describe('back office: the notification bell', function () {
  this.timeout(60_000);

  beforeEach(resetDatabase);

  it("when a staff member has unread notifications, then the bell counts only theirs, and Mark all read clears only theirs", async () => {
    const support = await createStaff('support');
    const other = await createStaff('admin');
    await Notification.bulkCreate([
      { userId: support.id, type: 'provisioning.failed', title: 'Service #4 failed' },
      { userId: support.id, type: 'order.review', title: 'Order waits for review' },
      { userId: other.id, type: 'order.review', title: 'Not yours' },
    ]);
    const agent = await signedIn(support);
    expect((await agent.get('/admin/notifications/unread.json')).body).to.deep.equal({ unread: 2 });

    const marked = await apiAction(agent, 'notifications', 'markAllRead', { payload: {} });
    expect(marked.body.notice).to.deep.include({ type: 'success', message: 'notificationsMarkedRead' });
    expect((await agent.get('/admin/notifications/unread.json')).body).to.deep.equal({ unread: 0 });
    expect(await Notification.count({ where: { userId: other.id, readAt: null } })).to.equal(1);
  });

  it('when nobody is signed in, then the count is not given', async () => {
    const res = await (await browser()).get('/admin/notifications/unread.json');
    expect(res.status).to.not.equal(200);
    expect(res.text).to.not.contain('unread');
  });
});
