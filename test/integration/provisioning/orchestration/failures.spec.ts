import { expect } from 'chai';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { MailOutbox, Notification, OutboxMessage, ProvisioningLog, ProvisioningTask, WaitlistEntry } from '../../../../src/models/index.js';
import { retryProvisioning } from '../../../../src/provisioning/orchestration/retry-provisioning.js';
import { suspendService } from '../../../../src/provisioning/services/suspend-service.js';
import { createStaff } from '../../../factories/identity.js';
import { resetDatabase } from '../../../support/db.js';
import {
  PANEL_DRIVERS, createPaidSubscription, createPanelPlan, payAndProvision, probe, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from './support.js';

const MINUTE = 60_000;
const START = new Date('2025-03-10T09:00:00Z');

describe('Provisioning orchestration: failures, retries and staff alerts', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetDatabase();
    clock.set(START);
    panels = await startPanels();
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  for (const driver of PANEL_DRIVERS) {
    it(`when the ${driver} panel stays down, then the create backs off 1, 2, 5, 10 minutes, fails on the 5th attempt and staff are alerted while the customer still sees "setting up"`, async () => {
      const admin = await createStaff('admin');
      const support = await createStaff('support');
      panels![driver].fail(1000, 503);
      const service = await payAndProvision(await createPaidSubscription(await createPanelPlan(driver)));
      const task = await ProvisioningTask.findOne({ where: { serviceId: service.id }, rejectOnEmpty: true });

      const waits = [1, 2, 5, 10];
      for (const [i, minutes] of waits.entries()) {
        await runProvisioning();
        await task.reload();
        expect(task).to.include({ status: 'pending', attempts: i + 1 });
        expect(task.nextAttemptAt?.getTime()).to.equal(clock.now().getTime() + minutes * MINUTE);
        const row = await reloadService(service.id);
        expect(row.status).to.equal('provisioning');
        expect(row.lastError).to.match(/^panel_server_error/);
        // Not due yet: a run before the back-off ends leaves it alone.
        expect((await runProvisioning()).processed).to.equal(0);
        clock.set(new Date(clock.now().getTime() + minutes * MINUTE));
      }
      await runProvisioning();
      await task.reload();
      expect(task).to.include({ status: 'failed', attempts: 5, claimedBy: null });
      expect(task.lastError).to.match(/^panel_server_error/);

      const row = await reloadService(service.id);
      expect(row.status).to.equal('provisioning');
      expect(row.externalId).to.equal(null);
      expect(probe(panels!, driver).live()).to.equal(0);
      const alert = await OutboxMessage.findOne({ where: { dedupeKey: `provisioning-failed:${task.id}` }, rejectOnEmpty: true });
      expect(alert).to.include({ channel: 'discord', topic: 'provisioning', status: 'pending' });
      expect(JSON.stringify(alert.payload)).to.contain(service.reference);
      const adminNotes = await Notification.findAll({ where: { userId: admin.id } });
      expect(adminNotes.map((n) => n.type)).to.deep.equal(['provisioning.failed']);
      expect(adminNotes[0]?.url).to.equal(`/admin/resources/services/records/${service.id}/show`);
      expect(await Notification.count({ where: { userId: support.id } })).to.equal(0);
      expect(await MailOutbox.count()).to.equal(0);
      expect(await ProvisioningLog.count({ where: { taskId: task.id, success: false } })).to.equal(5);
      const logs = await ProvisioningLog.findAll({ where: { taskId: task.id } });
      expect(logs.every((l) => l.driver === driver && l.responseCode === 503)).to.equal(true);

      // Later runs neither retry nor alert again.
      clock.set(new Date(clock.now().getTime() + 60 * MINUTE));
      expect((await runProvisioning()).processed).to.equal(0);
      expect(await OutboxMessage.count()).to.equal(1);
    });
  }

  it('when staff retry a failed create after the panel is back, then the same service row is provisioned once', async () => {
    await createStaff('admin');
    panels!.virtfusion.fail(1, 401);
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    await runProvisioning();
    const task = await ProvisioningTask.findOne({ where: { serviceId: service.id }, rejectOnEmpty: true });
    expect(task).to.include({ status: 'failed', attempts: 1 });
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-failed:${task.id}` } })).to.equal(1);

    const staff = await createStaff('admin');
    const retried = await retryProvisioning(service.id, systemCtx({ actor: { type: 'staff', userId: staff.id, role: 'admin' } }));
    expect(retried.id).to.equal(task.id);
    expect(retried).to.include({ status: 'pending', attempts: 0 });
    await runProvisioning();
    const row = await reloadService(service.id);
    expect(row.status).to.equal('active');
    expect(panels!.virtfusion.state.servers.size).to.equal(1);
    expect(await MailOutbox.count({ where: { template: 'service-provisioned' } })).to.equal(1);
  });

  it('when the plan mapping is broken, then the create fails at once without retries and staff are alerted', async () => {
    await createStaff('admin');
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion', { panelConfig: { packageId: 3 } })));
    await runProvisioning();
    const task = await ProvisioningTask.findOne({ where: { serviceId: service.id }, rejectOnEmpty: true });
    expect(task).to.include({ status: 'failed', attempts: 1 });
    expect(task.lastError).to.match(/^panel_invalid_config/);
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-failed:${task.id}` } })).to.equal(1);
    expect((await reloadService(service.id)).status).to.equal('provisioning');
  });

  it('when SynergyCP has no matching hardware, then the service is waitlisted with a waitlist entry and staff are told; a retry after restocking provisions it', async () => {
    const admin = await createStaff('admin');
    const plan = await createPanelPlan('synergycp', { panelConfig: { memBilling: 'MEM-128GB', ipGroupBilling: 'DAL' } });
    const subscription = await createPaidSubscription(plan);
    const service = await payAndProvision(subscription);
    await runProvisioning();

    expect((await reloadService(service.id)).status).to.equal('waitlisted');
    const entry = await WaitlistEntry.findOne({ where: { customerId: subscription.customerId, planId: plan.id }, rejectOnEmpty: true });
    expect(entry.status).to.equal('waiting');
    expect(entry.orderId).to.be.a('number');
    const task = await ProvisioningTask.findOne({ where: { serviceId: service.id }, rejectOnEmpty: true });
    expect(task).to.include({ status: 'failed', attempts: 1 });
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-waitlisted:${task.id}` } })).to.equal(1);
    expect((await Notification.findAll({ where: { userId: admin.id } })).map((n) => n.type)).to.deep.equal(['provisioning.waitlisted']);

    panels!.synergycp.addInventory({ mem_billing: 'MEM-128GB' });
    await retryProvisioning(service.id, systemCtx());
    expect((await reloadService(service.id)).status).to.equal('pending');
    await runProvisioning();
    expect((await reloadService(service.id)).status).to.equal('active');
    expect(panels!.synergycp.assigned()).to.have.length(1);
    await entry.reload();
    expect(entry.status).to.equal('fulfilled');
    expect(await WaitlistEntry.count()).to.equal(1);
  });

  it('when a suspension keeps failing on the panel, then its task fails, staff are alerted and the service stays active', async () => {
    await createStaff('admin');
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('enhance')));
    await runProvisioning();
    panels!.enhance.fail(1, 403, 'PATCH');
    const { task } = await suspendService(service.id, { reason: 'Overdue', causeId: 'invoice:7' }, systemCtx());
    await runProvisioning();
    await task.reload();
    expect(task.status).to.equal('failed');
    const row = await reloadService(service.id);
    expect(row.status).to.equal('active');
    expect(probe(panels!, 'enhance').isSuspended(row.externalId ?? '')).to.equal(false);
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-failed:${task.id}` } })).to.equal(1);
    expect(await MailOutbox.count({ where: { template: 'service-suspended' } })).to.equal(0);
  });
});
