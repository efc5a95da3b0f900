import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { MailOutbox, Notification, ProvisioningLog, ProvisioningTask } from '../../../../src/models/index.js';
import { suspendService } from '../../../../src/provisioning/services/suspend-service.js';
import { terminateService } from '../../../../src/provisioning/services/terminate-service.js';
import { unsuspendService } from '../../../../src/provisioning/services/unsuspend-service.js';
import { resetDatabase } from '../../../support/db.js';
import {
  PANEL_DRIVERS, createPaidSubscription, createPanelPlan, payAndProvision, probe, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from './support.js';

const mails = (template: string): Promise<number> => MailOutbox.count({ where: { template } });

describe('Provisioning orchestration: a service through its whole life on every panel', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetDatabase();
    panels = await startPanels();
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  for (const driver of PANEL_DRIVERS) {
    it(`when a paid ${driver} service is created, suspended, unsuspended and terminated through tasks, then the panel and the service row follow`, async () => {
      const panel = probe(panels!, driver);
      const subscription = await createPaidSubscription(await createPanelPlan(driver));
      const service = await payAndProvision(subscription);
      expect(service).to.include({ status: 'pending', reference: `ezs-svc-${service.id}`, driver });

      const created = await runProvisioning();
      expect(created).to.include({ skipped: false, processed: 1, failed: 0 });
      let row = await reloadService(service.id);
      expect(row.status).to.equal('active');
      expect(row.provisionedAt).to.be.instanceOf(Date);
      expect(row.credentialsEnc).to.match(/^v1:/);
      expect(row.ipAddresses).to.have.length.greaterThan(0);
      expect(row.primaryIp).to.equal(row.ipAddresses?.[0]);
      expect(panel.live()).to.equal(1);
      expect(panel.exists(row.externalId ?? '')).to.equal(true);
      expect(await mails('service-provisioned')).to.equal(1);
      expect(await ProvisioningTask.findOne({ where: { serviceId: service.id, action: 'create' } })).to.include({ status: 'succeeded', attempts: 1 });
      const logs = await ProvisioningLog.findAll({ where: { serviceId: service.id } });
      expect(logs.length).to.be.greaterThan(0);
      expect(logs.every((l) => l.success && l.driver === driver && /^(GET|POST|PATCH|PUT|DELETE) \//.test(l.requestSummary ?? ''))).to.equal(true);

      await suspendService(service.id, { reason: 'Invoice INV-1 is overdue', causeId: 'invoice:1' }, systemCtx());
      await runProvisioning();
      row = await reloadService(service.id);
      expect(row).to.include({ status: 'suspended', suspensionReason: 'Invoice INV-1 is overdue' });
      expect(panel.isSuspended(row.externalId ?? '')).to.equal(true);
      expect(await mails('service-suspended')).to.equal(1);

      await unsuspendService(service.id, { reason: 'Invoice INV-1 paid', causeId: 'invoice:1' }, systemCtx());
      await runProvisioning();
      row = await reloadService(service.id);
      expect(row).to.include({ status: 'active', suspendedAt: null, suspensionReason: null });
      expect(panel.isSuspended(row.externalId ?? '')).to.equal(false);
      expect(await mails('service-unsuspended')).to.equal(1);

      await terminateService(service.id, { reason: 'Cancelled by the customer' }, systemCtx());
      await runProvisioning();
      row = await reloadService(service.id);
      expect(row.status).to.equal('terminated');
      expect(row.terminatedAt).to.be.instanceOf(Date);
      expect(row.credentialsEnc).to.equal(null);
      expect(panel.live()).to.equal(0);
      expect(await mails('service-terminated')).to.equal(1);

      const userId = subscription.customer?.userId;
      const types = (await Notification.findAll({ where: { userId }, order: [['id', 'ASC']] })).map((n) => n.type);
      expect(types).to.deep.equal(['service.provisioned', 'service.suspended', 'service.unsuspended', 'service.terminated']);
      expect(await ProvisioningTask.count({ where: { serviceId: service.id, status: 'succeeded' } })).to.equal(4);
    });
  }

  it('when suspension is asked while the create is still queued, then the panel gets create first and suspend after it', async () => {
    const panel = probe(panels!, 'virtfusion');
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    await suspendService(service.id, { reason: 'Chargeback', causeId: 'dispute:9' }, systemCtx());
    const run = await runProvisioning();
    expect(run).to.include({ processed: 2, failed: 0 });
    const row = await reloadService(service.id);
    expect(row.status).to.equal('suspended');
    expect(panel.isSuspended(row.externalId ?? '')).to.equal(true);
    expect(await mails('service-provisioned')).to.equal(1);
  });

  it('when a suspended service is suspended again for another invoice, or an active one unsuspended, then nothing changes and no mail goes out', async () => {
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('pterodactyl')));
    await unsuspendService(service.id, { reason: 'Paid', causeId: 'invoice:1' }, systemCtx());
    await runProvisioning();
    expect((await reloadService(service.id)).status).to.equal('active');
    await suspendService(service.id, { reason: 'Invoice 1 overdue', causeId: 'invoice:1' }, systemCtx());
    await runProvisioning();
    await suspendService(service.id, { reason: 'Invoice 2 overdue', causeId: 'invoice:2' }, systemCtx());
    await runProvisioning();
    const row = await reloadService(service.id);
    expect(row).to.include({ status: 'suspended', suspensionReason: 'Invoice 1 overdue' });
    expect(await mails('service-suspended')).to.equal(1);
    expect(await mails('service-unsuspended')).to.equal(0);
    const results = (await ProvisioningTask.findAll({ where: { serviceId: service.id }, order: [['id', 'ASC']] })).map((t) => [t.action, t.status, t.result]);
    expect(results).to.deep.equal([
      ['create', 'succeeded', { externalId: row.externalId }],
      ['unsuspend', 'succeeded', { skipped: 'service_active' }],
      ['suspend', 'succeeded', { externalId: row.externalId }],
      ['suspend', 'succeeded', { skipped: 'service_suspended' }],
    ]);
  });

  it('when termination is asked while a failing create waits for its retry, then the create is cancelled and nothing stays on the panel', async () => {
    panels!.virtfusion.fail(1, 503);
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    await runProvisioning();
    expect((await reloadService(service.id)).status).to.equal('provisioning');
    await terminateService(service.id, { reason: 'Order cancelled' }, systemCtx());
    await runProvisioning();
    expect(await ProvisioningTask.findOne({ where: { serviceId: service.id, action: 'create' } })).to.include({ status: 'cancelled' });
    expect((await reloadService(service.id)).status).to.equal('terminated');
    expect(panels!.virtfusion.state.servers.size).to.equal(0);
    expect(await mails('service-terminated')).to.equal(0);
  });
});
