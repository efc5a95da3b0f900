import { expect } from 'chai';
import { changePlan } from '../../../../src/billing/subscriptions/change-plan.js';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { AuditLog, Notification, OutboxMessage, ProvisioningTask, Subscription, SubscriptionAddon, SubscriptionOption, type Addon, type Plan, type Service } from '../../../../src/models/index.js';
import { requestProvisioningAction } from '../../../../src/provisioning/orchestration/request-provisioning-action.js';
import { loadServiceSubject, provisionRequestFor } from '../../../../src/provisioning/orchestration/service-subject.js';
import { createAddon, createConfigOption, createPlan, createPlanAddon } from '../../../factories/catalog.js';
import { createStaff } from '../../../factories/identity.js';
import { resetDatabase } from '../../../support/db.js';
import {
  PANEL_CONFIG, PANEL_DRIVERS, PLAN_TYPE, createPaidSubscription, createPanelPlan, payAndProvision, reloadService, runProvisioning, startPanels, stopPanels,
  type PanelDriver, type Panels,
} from './support.js';

const START = new Date('2025-04-01T00:00:00Z');

/** The bigger plan on each panel, and what its panel holds once the change is applied (null: the panel cannot resize). */
const BIGGER: Record<PanelDriver, Record<string, unknown>> = {
  virtfusion: { ...PANEL_CONFIG.virtfusion, packageId: 4 },
  pterodactyl: { ...PANEL_CONFIG.pterodactyl, memory: 4096, disk: 20_480, cpu: 200, databases: 2, backups: 3 },
  synergycp: { ...PANEL_CONFIG.synergycp, memBilling: 'MEM-64GB' },
  enhance: { planId: 2 },
};

/** What the fake panel shows for the resource, in the terms the plan mapping uses. */
function onPanel(panels: Panels, driver: PanelDriver, externalId: string): Record<string, unknown> {
  const id = Number(externalId);
  switch (driver) {
    case 'virtfusion': {
      const s = panels.virtfusion.state.servers.get(id)!;
      return { packageId: s.packageId, memoryMb: s.memoryMb, cpuCores: s.cpuCores, trafficGb: s.trafficLimitGb };
    }
    case 'pterodactyl': {
      const s = panels.pterodactyl.state.servers.get(id)!;
      return { ...s.limits, ...s.feature_limits };
    }
    case 'synergycp': {
      const s = panels.synergycp.state.servers.get(id)!;
      return { memBilling: s.mem_billing, client: s.client?.id ?? null };
    }
    case 'enhance':
      return { planId: panels.enhance.state.subscriptions.get(id)!.planId };
  }
}

const EXPECTED: Record<PanelDriver, Record<string, unknown>> = {
  virtfusion: { packageId: 4, memoryMb: 4096, cpuCores: 4, trafficGb: 4000 },
  pterodactyl: { memory: 4096, disk: 20_480, cpu: 200, databases: 2, backups: 3 },
  synergycp: { memBilling: 'MEM-32GB' },
  enhance: { planId: 2 },
};

describe('Provisioning orchestration: plan changes reach the panel', () => {
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

  async function activeService(driver: PanelDriver, plan?: Plan): Promise<{ serviceId: number; subscriptionId: number; externalId: string }> {
    const subscription = await createPaidSubscription(plan ?? (await createPanelPlan(driver)));
    const service = await payAndProvision(subscription);
    await runProvisioning();
    const row = await reloadService(service.id);
    expect(row.status).to.equal('active');
    return { serviceId: service.id, subscriptionId: subscription.id, externalId: row.externalId ?? '' };
  }

  /** A paid subscription of `plan` (which offers both add-ons) with `ordered` on it, provisioned by a run of the job. */
  async function provisionedWithAddon(plan: Plan, ordered: Addon, other: Addon): Promise<{ subscription: Subscription; service: Service; externalId: string }> {
    await createPlanAddon({ plan, addon: ordered });
    await createPlanAddon({ plan, addon: other });
    const subscription = await createPaidSubscription(plan);
    await SubscriptionAddon.create({ subscriptionId: subscription.id, addonId: ordered.id, priceMinor: 300, status: 'active', startedAt: START });
    const service = await payAndProvision(subscription);
    await runProvisioning();
    return { subscription, service, externalId: (await reloadService(service.id)).externalId ?? '' };
  }

  for (const driver of PANEL_DRIVERS) {
    it(`when ${driver === 'enhance' ? 'an' : 'a'} ${driver} customer upgrades, then billing queues one change_plan task and the panel ends on the bigger plan${driver === 'synergycp' ? ' by hand: staff are alerted' : ''}`, async () => {
      const admin = await createStaff('admin');
      const { serviceId, subscriptionId, externalId } = await activeService(driver);
      const before = onPanel(panels!, driver, externalId);
      const bigger = await createPlan({ type: PLAN_TYPE[driver], driver, panelConfig: BIGGER[driver], monthlyMinor: 3000 });
      clock.set(new Date('2025-04-16T00:00:00Z'));

      const result = await changePlan({ subscriptionId, newPlanId: bigger.id }, systemCtx());
      expect(result.invoice?.kind).to.equal('proration');
      const task = await ProvisioningTask.findOne({ where: { serviceId, action: 'change_plan' }, rejectOnEmpty: true });
      expect(task.status).to.equal('pending');

      expect(await runProvisioning()).to.include({ processed: 1, failed: 0 });
      await task.reload();
      expect(task.status).to.equal('succeeded');
      const row = await reloadService(serviceId);
      expect(row.status).to.equal('active');
      expect(row.externalId).to.equal(externalId);
      const panel = onPanel(panels!, driver, externalId);
      expect(panel).to.include(EXPECTED[driver]);

      const alert = await OutboxMessage.findOne({ where: { dedupeKey: `provisioning-change-plan:${task.id}` } });
      if (driver === 'synergycp') {
        expect(task.result).to.deep.equal({ manual: 'not_resizable' });
        expect(panel).to.deep.equal(before);
        expect(alert).to.include({ channel: 'discord', topic: 'provisioning' });
        expect(JSON.stringify(alert?.payload)).to.contain(bigger.name);
        expect((await Notification.findAll({ where: { userId: admin.id } })).map((n) => n.type)).to.deep.equal(['provisioning.manual']);
        expect(await AuditLog.count({ where: { action: 'service.change_plan_left_to_staff', entityId: serviceId } })).to.equal(1);
      } else {
        expect(task.result).to.deep.equal({ externalId });
        expect(alert).to.equal(null);
        expect(row.panelData?.appliedPlanId).to.equal(bigger.id);
        expect(await AuditLog.count({ where: { action: 'service.change_plan_completed', entityId: serviceId } })).to.equal(1);
      }

      // The same change asked again (a replayed request) is the same task; running the job again changes nothing.
      const again = await requestProvisioningAction(serviceId, 'change_plan', { causeId: task.idempotencyKey?.split(':').slice(2).join(':') }, systemCtx());
      expect(again).to.include({ created: false });
      expect((await runProvisioning()).processed).to.equal(0);
      expect(await ProvisioningTask.count({ where: { serviceId, action: 'change_plan' } })).to.equal(1);
      expect(onPanel(panels!, driver, externalId)).to.deep.equal(panel);
    });
  }

  for (const driver of ['virtfusion', 'pterodactyl', 'enhance'] as const) {
    it(`when the ${driver} change runs twice (a retry after a lost answer), then the panel holds the same values as after one run`, async () => {
      const { serviceId, subscriptionId, externalId } = await activeService(driver);
      const bigger = await createPlan({ type: PLAN_TYPE[driver], driver, panelConfig: BIGGER[driver] });
      await Subscription.update({ planId: bigger.id }, { where: { id: subscriptionId } });
      await requestProvisioningAction(serviceId, 'change_plan', { causeId: 'first' }, systemCtx());
      await runProvisioning();
      const once = onPanel(panels!, driver, externalId);
      await requestProvisioningAction(serviceId, 'change_plan', { causeId: 'second' }, systemCtx());
      await runProvisioning();
      expect(onPanel(panels!, driver, externalId)).to.deep.equal(once);
      expect(once).to.include(EXPECTED[driver]);
      const tasks = await ProvisioningTask.findAll({ where: { serviceId, action: 'change_plan' } });
      expect(tasks.map((t) => t.status)).to.deep.equal(['succeeded', 'succeeded']);
    });
  }

  it('when a Pterodactyl customer orders with a backups add-on, adds more and takes them off, then the backup slots and ports on the panel follow', async () => {
    // NOTE: the plan sets one backup slot and leaves allocations to the driver's default (1).
    const plan = await createPanelPlan('pterodactyl', { panelConfig: { ...PANEL_CONFIG.pterodactyl, backups: 1 } });
    const backups = await createAddon({ code: 'backup_slots', name: 'Two backup slots and a port', panelConfig: { backups: 2, allocations: 1 } });
    const more = await createAddon({ code: 'more_backup_slots', name: 'Five more backup slots', panelConfig: { backups: 5 } });
    const { subscription, service, externalId } = await provisionedWithAddon(plan, backups, more);
    expect(onPanel(panels!, 'pterodactyl', externalId)).to.include({ backups: 3, allocations: 2 });

    clock.set(new Date('2025-04-16T00:00:00Z'));
    await changePlan({ subscriptionId: subscription.id, addons: [backups.code, more.code] }, systemCtx());
    expect(await runProvisioning()).to.include({ processed: 1, failed: 0 });
    expect(onPanel(panels!, 'pterodactyl', externalId)).to.include({ backups: 8, allocations: 2 });

    clock.set(new Date('2025-04-20T00:00:00Z'));
    await changePlan({ subscriptionId: subscription.id, addons: [] }, systemCtx());
    expect(await runProvisioning()).to.include({ processed: 1, failed: 0 });
    expect(onPanel(panels!, 'pterodactyl', externalId)).to.include({ backups: 1, allocations: 1 });
    expect((await ProvisioningTask.findAll({ where: { serviceId: service.id, action: 'change_plan' } })).map((t) => t.status)).to.deep.equal(['succeeded', 'succeeded']);
  });

  it('when a VirtFusion customer orders with an extra IPv4 add-on, the server gets two addresses; adding another later asks staff to add it, and taking it off to remove it', async () => {
    const plan = await createPanelPlan('virtfusion');
    const extraIp = await createAddon({ code: 'extra_ipv4', name: 'Extra IPv4', panelConfig: { ipv4: 1 } }, 'extra_ip');
    const anotherIp = await createAddon({ code: 'another_ipv4', name: 'Another IPv4', panelConfig: { ipv4: 1 } }, 'extra_ip');
    const { subscription, service, externalId } = await provisionedWithAddon(plan, extraIp, anotherIp);
    const server = () => panels!.virtfusion.state.servers.get(Number(externalId))!;
    expect(server().ipv4).to.have.length(2);

    clock.set(new Date('2025-04-16T00:00:00Z'));
    await changePlan({ subscriptionId: subscription.id, addons: [extraIp.code, anotherIp.code] }, systemCtx());
    expect(await runProvisioning()).to.include({ processed: 1, failed: 0 });
    const added = await ProvisioningTask.findOne({ where: { serviceId: service.id, action: 'change_plan' }, rejectOnEmpty: true });
    expect(added.status).to.equal('succeeded');
    expect(added.result).to.deep.equal({ externalId, byHand: 'add 1 IPv4 address (the plan, options and add-ons come to 3; the server has 2)' });
    const alert = await OutboxMessage.findOne({ where: { dedupeKey: `provisioning-change-plan:${added.id}` }, rejectOnEmpty: true });
    expect(JSON.stringify(alert.payload)).to.contain('add 1 IPv4 address');
    expect((await reloadService(service.id)).panelData?.appliedPlanId).to.equal(plan.id);

    clock.set(new Date('2025-04-20T00:00:00Z'));
    await changePlan({ subscriptionId: subscription.id, addons: [] }, systemCtx());
    await runProvisioning();
    const tasks = await ProvisioningTask.findAll({ where: { serviceId: service.id, action: 'change_plan' }, order: [['id', 'ASC']] });
    expect(tasks.map((t) => (t.result as { byHand?: string }).byHand)).to.deep.equal([
      'add 1 IPv4 address (the plan, options and add-ons come to 3; the server has 2)',
      'remove 1 IPv4 address (the plan, options and add-ons come to 1; the server has 2)',
    ]);
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-change-plan:${tasks[1]!.id}` } })).to.equal(1);

    // An IPv4 option's amount replaces the mapping's: the add-on's address comes on top of it.
    const ipv4 = await createConfigOption({ code: 'ipv4_total', name: 'IPv4 addresses', panelKey: 'ipv4', min: 1, max: 8 });
    await SubscriptionOption.create({ subscriptionId: subscription.id, optionId: ipv4.id, quantity: 2, unitPriceMinor: 0 });
    await SubscriptionAddon.update({ status: 'active', cancelledAt: null }, { where: { subscriptionId: subscription.id, addonId: extraIp.id } });
    expect((await provisionRequestFor(await loadServiceSubject(service.id))).options).to.include({ ipv4: 3 });
  });

  it('when a VirtFusion customer adds RAM and CPU options, then the server gets the package and the chosen values on top', async () => {
    const { serviceId, subscriptionId, externalId } = await activeService('virtfusion');
    const ram = await createConfigOption({ code: 'ram_mb', panelKey: 'memory' });
    const cpu = await createConfigOption({ code: 'vcpu', panelKey: 'cpuCores' });
    await SubscriptionOption.bulkCreate([
      { subscriptionId, optionId: ram.id, quantity: 6144, unitPriceMinor: 0 },
      { subscriptionId, optionId: cpu.id, quantity: 3, unitPriceMinor: 0 },
    ]);
    await requestProvisioningAction(serviceId, 'change_plan', { causeId: 'options' }, systemCtx());
    await runProvisioning();
    expect(onPanel(panels!, 'virtfusion', externalId)).to.deep.equal({ packageId: 3, memoryMb: 6144, cpuCores: 3, trafficGb: 2000 });
  });

  it('when a Pterodactyl customer picks less RAM, then the build limits shrink to the option value', async () => {
    const { serviceId, subscriptionId, externalId } = await activeService('pterodactyl');
    const ram = await createConfigOption({ code: 'game_ram', panelKey: 'ramMb' });
    await SubscriptionOption.create({ subscriptionId, optionId: ram.id, quantity: 768, unitPriceMinor: 0 });
    await requestProvisioningAction(serviceId, 'change_plan', { causeId: 'options' }, systemCtx());
    await runProvisioning();
    expect(onPanel(panels!, 'pterodactyl', externalId)).to.include({ memory: 768, disk: 10_240, cpu: 100 });
  });

  it('when the panel rejects the new mapping, then the task fails without retries and staff are alerted; the server keeps its plan', async () => {
    await createStaff('admin');
    const { serviceId, subscriptionId, externalId } = await activeService('virtfusion');
    const broken = await createPlan({ type: 'vps', driver: 'virtfusion', panelConfig: { ...PANEL_CONFIG.virtfusion, packageId: 99 } });
    await Subscription.update({ planId: broken.id }, { where: { id: subscriptionId } });
    const { task } = await requestProvisioningAction(serviceId, 'change_plan', { causeId: 'broken' }, systemCtx());
    await runProvisioning();
    await task.reload();
    expect(task).to.include({ status: 'failed', attempts: 1 });
    expect(task.lastError).to.match(/^panel_rejected/);
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-failed:${task.id}` } })).to.equal(1);
    expect(onPanel(panels!, 'virtfusion', externalId)).to.include({ packageId: 3 });
    expect((await reloadService(serviceId)).status).to.equal('active');
  });

  it('when the plan moves to another panel, then nothing is resized and staff are asked to migrate it', async () => {
    await createStaff('admin');
    const { serviceId, subscriptionId, externalId } = await activeService('virtfusion');
    const dedicated = await createPanelPlan('synergycp');
    await Subscription.update({ planId: dedicated.id }, { where: { id: subscriptionId } });
    const { task } = await requestProvisioningAction(serviceId, 'change_plan', { causeId: 'move' }, systemCtx());
    await runProvisioning();
    await task.reload();
    expect(task.result).to.deep.equal({ manual: 'moves_to_synergycp' });
    expect(onPanel(panels!, 'virtfusion', externalId)).to.include({ packageId: 3 });
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-change-plan:${task.id}` } })).to.equal(1);
  });

  it('when the plan changes before the server exists, then the create builds the new plan and the change that follows leaves it so', async () => {
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'));
    const service = await payAndProvision(subscription);
    const bigger = await createPlan({ type: 'vps', driver: 'virtfusion', panelConfig: BIGGER.virtfusion });
    await subscription.update({ planId: bigger.id });
    await requestProvisioningAction(service.id, 'change_plan', { causeId: 'early' }, systemCtx());
    await runProvisioning();
    const row = await reloadService(service.id);
    expect(row.status).to.equal('active');
    const task = await ProvisioningTask.findOne({ where: { serviceId: service.id, action: 'change_plan' }, rejectOnEmpty: true });
    expect(task.status).to.equal('succeeded');
    expect(onPanel(panels!, 'virtfusion', row.externalId ?? '')).to.include({ packageId: 4 });
  });
});
