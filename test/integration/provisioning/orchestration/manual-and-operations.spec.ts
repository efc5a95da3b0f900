import { expect } from 'chai';
import { systemCtx, type Ctx } from '../../../../src/lib/context.js';
import { AppError } from '../../../../src/lib/errors.js';
import { AuditLog, MailOutbox, Notification, OutboxMessage, ProvisioningLog } from '../../../../src/models/index.js';
import { completeManualProvisioning } from '../../../../src/provisioning/orchestration/complete-manual-provisioning.js';
import { getServiceUsage } from '../../../../src/provisioning/services/get-service-usage.js';
import { powerAction } from '../../../../src/provisioning/services/power-action.js';
import { reinstallService } from '../../../../src/provisioning/services/reinstall-service.js';
import { resetServicePassword } from '../../../../src/provisioning/services/reset-service-password.js';
import { revealServiceCredentials } from '../../../../src/provisioning/services/reveal-service-credentials.js';
import { suspendService } from '../../../../src/provisioning/services/suspend-service.js';
import { createCustomer, createStaff } from '../../../factories/identity.js';
import { resetDatabase } from '../../../support/db.js';
import {
  createPaidSubscription, createPanelPlan, payAndProvision, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from './support.js';

const customerCtx = (userId: number): Ctx => systemCtx({ actor: { type: 'customer', userId, role: 'customer' } });
const staffCtx = (userId: number): Ctx => systemCtx({ actor: { type: 'staff', userId, role: 'admin' } });

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('Provisioning orchestration: manual setups and service operations', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetDatabase();
    panels = await startPanels();
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  it('when a manual-driver service is paid, then staff are asked to set it up; once they enter its details it is active and the customer gets one welcome mail', async () => {
    const admin = await createStaff('admin');
    const subscription = await createPaidSubscription(await createPanelPlan('manual'));
    const service = await payAndProvision(subscription);
    await runProvisioning();

    expect((await reloadService(service.id)).status).to.equal('manual');
    expect(await OutboxMessage.count({ where: { dedupeKey: `provisioning-manual:${service.id}` } })).to.equal(1);
    expect((await Notification.findAll({ where: { userId: admin.id } })).map((n) => n.type)).to.deep.equal(['provisioning.manual']);
    expect(await MailOutbox.count()).to.equal(0);

    const details = { hostname: 'db1.example.test', ipAddresses: ['203.0.113.5'], username: 'dbadmin', password: 'Manual-Secret-42' };
    expect((await errorOf(completeManualProvisioning(service.id, details, customerCtx(subscription.customer?.userId ?? 0)))).code).to.equal('staff_only');
    expect((await errorOf(completeManualProvisioning(service.id, { ...details, ipAddresses: ['nope'] }, staffCtx(admin.id)))).code).to.equal('ip_address_invalid');

    await completeManualProvisioning(service.id, details, staffCtx(admin.id));
    const row = await reloadService(service.id);
    expect(row).to.include({ status: 'active', hostname: 'db1.example.test', primaryIp: '203.0.113.5' });
    expect(row.credentialsEnc).to.match(/^v1:/);
    const welcome = await MailOutbox.findAll({ where: { template: 'service-provisioned' } });
    expect(welcome).to.have.length(1);
    expect(welcome[0]?.text).to.contain('Manual-Secret-42');
    expect(await revealServiceCredentials(service.id, staffCtx(admin.id))).to.deep.equal({ username: 'dbadmin', password: 'Manual-Secret-42' });
    expect(await AuditLog.count({ where: { action: 'service.provisioned', actorId: admin.id } })).to.equal(1);
    expect((await errorOf(completeManualProvisioning(service.id, details, staffCtx(admin.id)))).code).to.equal('service_not_awaiting_manual_setup');
  });

  it('when a customer restarts their own VPS, then the panel gets it and the call is logged; on someone else\'s VPS it is not found', async () => {
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'));
    const service = await payAndProvision(subscription);
    await runProvisioning();
    const owner = customerCtx(subscription.customer?.userId ?? 0);

    await powerAction(service.id, 'restart', owner);
    const server = [...panels!.virtfusion.state.servers.values()][0];
    expect(panels!.virtfusion.state.powerActions).to.deep.equal([{ serverId: server?.id, action: 'restart' }]);
    const logs = await ProvisioningLog.findAll({ where: { serviceId: service.id, action: 'power' } });
    expect(logs.map((l) => [l.requestSummary, l.responseCode, l.taskId])).to.deep.equal([[`POST /servers/${server?.id}/power/restart`, 200, null]]);
    expect(await AuditLog.count({ where: { action: 'service.power_sent', actorType: 'customer' } })).to.equal(1);

    const stranger = await createCustomer();
    expect((await errorOf(powerAction(service.id, 'boot', customerCtx(stranger.userId)))).code).to.equal('service_not_found');
    expect((await errorOf(suspendService(service.id, { reason: 'mine' }, owner))).code).to.equal('staff_only');
  });

  it('when a customer reads usage or reinstalls, then the panel answers; an OS the plan does not offer is refused; a suspended VPS cannot be powered', async () => {
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'));
    const service = await payAndProvision(subscription);
    await runProvisioning();
    const owner = customerCtx(subscription.customer?.userId ?? 0);

    const usage = await getServiceUsage(service.id, owner);
    expect(usage).to.include({ bandwidthBytes: 0, bandwidthScope: 'month' });
    expect((await errorOf(reinstallService(service.id, { osTemplate: '9' }, owner))).code).to.equal('os_template_invalid');
    await reinstallService(service.id, { osTemplate: '2' }, owner);
    expect([...panels!.virtfusion.state.servers.values()][0]?.osTemplateId).to.equal(2);

    await suspendService(service.id, { reason: 'Overdue', causeId: 'invoice:3' }, systemCtx());
    await runProvisioning();
    expect((await errorOf(powerAction(service.id, 'boot', owner))).code).to.equal('service_not_available');
    expect((await getServiceUsage(service.id, owner)).bandwidthScope).to.equal('month');
  });

  it('when a game server has no password reset on its panel, then the reset is refused with a clear code', async () => {
    const subscription = await createPaidSubscription(await createPanelPlan('pterodactyl'));
    const service = await payAndProvision(subscription);
    await runProvisioning();
    expect((await errorOf(resetServicePassword(service.id, customerCtx(subscription.customer?.userId ?? 0)))).code).to.equal('password_reset_not_supported');
  });
});
