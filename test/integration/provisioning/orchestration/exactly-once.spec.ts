import { expect } from 'chai';
import { logger } from '../../../../src/lib/logger.js';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { MailOutbox, ProvisioningTask, Service } from '../../../../src/models/index.js';
import { buildDriver } from '../../../../src/provisioning/config.js';
import { claimProvisioningTasks } from '../../../../src/provisioning/orchestration/claim-provisioning-tasks.js';
import { ensureServiceForSubscription } from '../../../../src/provisioning/orchestration/ensure-service-for-subscription.js';
import { processDueProvisioningTasks } from '../../../../src/provisioning/orchestration/process-provisioning-tasks.js';
import { provisionSubscription } from '../../../../src/provisioning/orchestration/provision-subscription.js';
import { loadServiceSubject, provisionRequestFor } from '../../../../src/provisioning/orchestration/service-subject.js';
import { suspendService } from '../../../../src/provisioning/services/suspend-service.js';
import { resetDatabase } from '../../../support/db.js';
import {
  PANEL_DRIVERS, createPaidSubscription, createPanelPlan, payAndProvision, probe, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from './support.js';

const START = new Date('2025-04-01T12:00:00Z');
const MINUTE = 60_000;

describe('Provisioning orchestration: exactly one server per paid order', () => {
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
    it(`when the ${driver} panel creates the resource but the connection drops, then the retry adopts it: one resource on the panel`, async () => {
      const panel = probe(panels!, driver);
      const service = await payAndProvision(await createPaidSubscription(await createPanelPlan(driver)));
      panels![driver].createThenDropConnection();

      await runProvisioning();
      const task = await ProvisioningTask.findOne({ where: { serviceId: service.id }, rejectOnEmpty: true });
      expect(task).to.include({ status: 'pending', attempts: 1 });
      expect(task.lastError).to.match(/^panel_unreachable/);
      expect((await reloadService(service.id)).status).to.equal('provisioning');
      expect(panel.live()).to.equal(1);

      clock.set(new Date(START.getTime() + MINUTE));
      await runProvisioning();
      const row = await reloadService(service.id);
      expect(row.status).to.equal('active');
      expect(panel.live()).to.equal(1);
      expect(panel.exists(row.externalId ?? '')).to.equal(true);
      expect(await MailOutbox.count({ where: { template: 'service-provisioned' } })).to.equal(1);
    });
  }

  for (const driver of PANEL_DRIVERS) {
    it(`when two workers run the due ${driver} tasks at the same moment, then every task runs once and each order gets exactly one resource`, async () => {
      const panel = probe(panels!, driver);
      panels![driver].latency(20);
      if (driver === 'synergycp') for (let i = 0; i < 6; i++) panels!.synergycp.addInventory();
      if (driver === 'pterodactyl') panels!.pterodactyl.addAllocations(4);
      const plan = await createPanelPlan(driver);
      const services: Service[] = [];
      for (let i = 0; i < 8; i++) services.push(await payAndProvision(await createPaidSubscription(plan)));

      const log = logger();
      const [a, b] = await Promise.all([
        processDueProvisioningTasks(systemCtx(), log, { batchSize: 5, concurrency: 4 }),
        processDueProvisioningTasks(systemCtx(), log, { batchSize: 5, concurrency: 4 }),
      ]);
      expect(a.processed + b.processed).to.equal(8);
      expect(panel.live()).to.equal(8);
      const rows = await Promise.all(services.map((s) => reloadService(s.id)));
      expect(rows.map((r) => r.status)).to.deep.equal(rows.map(() => 'active'));
      const externalIds = rows.map((r) => r.externalId ?? '');
      expect(new Set(externalIds).size).to.equal(8);
      expect(externalIds.every((id) => panel.exists(id))).to.equal(true);
      const tasks = await ProvisioningTask.findAll();
      expect(tasks.map((t) => [t.status, t.attempts])).to.deep.equal(tasks.map(() => ['succeeded', 1]));
      expect(await MailOutbox.count({ where: { template: 'service-provisioned' } })).to.equal(8);
    });
  }

  it('when two job runs start at once, then one holds the lock, the other skips, and the panel has one server', async () => {
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('pterodactyl')));
    const runs = await Promise.all([runProvisioning(), runProvisioning()]);
    expect(runs.map((r) => r.processed).sort()).to.deep.equal([0, 1]);
    expect(panels!.pterodactyl.state.servers.size).to.equal(1);
    expect((await reloadService(service.id)).status).to.equal('active');
  });

  it('when two claims race for the same due tasks, then they get disjoint sets', async () => {
    const plan = await createPanelPlan('enhance');
    for (let i = 0; i < 12; i++) await payAndProvision(await createPaidSubscription(plan));
    const [a, b] = await Promise.all([claimProvisioningTasks({ limit: 12, now: clock.now() }), claimProvisioningTasks({ limit: 12, now: clock.now() })]);
    const all = [...a.ids, ...b.ids];
    expect(new Set(all).size).to.equal(all.length);
    expect(all).to.have.length(12);
    expect(await Service.count({ where: { status: 'provisioning' } })).to.equal(12);
  });

  it('when a worker dies holding a task after the panel made the server, then after its lease another worker adopts that server', async () => {
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    const claim = await claimProvisioningTasks({ limit: 10, now: clock.now() });
    expect(claim.ids).to.have.length(1);
    // The dead worker got as far as the panel: the server exists under our reference.
    const driver = await buildDriver('virtfusion');
    await driver.create(await provisionRequestFor(await loadServiceSubject(service.id)));
    expect((await runProvisioning()).processed).to.equal(0);

    clock.set(new Date(START.getTime() + 11 * MINUTE));
    await runProvisioning();
    const task = await ProvisioningTask.findByPk(claim.ids[0], { rejectOnEmpty: true });
    expect(task).to.include({ status: 'succeeded', attempts: 2 });
    expect(panels!.virtfusion.state.servers.size).to.equal(1);
    expect((await reloadService(service.id)).externalId).to.equal(String([...panels!.virtfusion.state.servers.keys()][0]));
  });

  it('when billing reports the same payment twice, then there is one service and one create task', async () => {
    const subscription = await createPaidSubscription(await createPanelPlan('synergycp'));
    const first = await provisionSubscription(subscription, {}, systemCtx());
    const second = await provisionSubscription(subscription, {}, systemCtx());
    expect(first.created).to.equal(true);
    expect(second.created).to.equal(false);
    expect(second.service.id).to.equal(first.service.id);
    expect(second.task.id).to.equal(first.task.id);
    const [x, y] = await Promise.all([ensureServiceForSubscription(subscription, systemCtx()), ensureServiceForSubscription(subscription, systemCtx())]);
    expect([x.id, y.id]).to.deep.equal([first.service.id, first.service.id]);
    expect(await Service.count({ paranoid: false })).to.equal(1);
    expect(await ProvisioningTask.count()).to.equal(1);
  });

  it('when dunning asks twice to suspend for the same invoice, then one suspend task is queued', async () => {
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    await runProvisioning();
    const a = await suspendService(service.id, { reason: 'Overdue', causeId: 'invoice:5' }, systemCtx());
    const b = await suspendService(service.id, { reason: 'Overdue', causeId: 'invoice:5' }, systemCtx());
    expect(b.created).to.equal(false);
    expect(b.task.id).to.equal(a.task.id);
    expect(a.task.idempotencyKey).to.equal(`suspend:${service.id}:invoice:5`);
    expect(await ProvisioningTask.count({ where: { action: 'suspend' } })).to.equal(1);
  });
});
