import { expect } from 'chai';
import { systemCtx, type Ctx } from '../../../../src/lib/context.js';
import { NotFoundError } from '../../../../src/lib/errors.js';
import { AuditLog, MailOutbox } from '../../../../src/models/index.js';
import { resetServicePassword } from '../../../../src/provisioning/services/reset-service-password.js';
import { revealServiceCredentials } from '../../../../src/provisioning/services/reveal-service-credentials.js';
import { createCustomer, createStaff } from '../../../factories/identity.js';
import { resetDatabase } from '../../../support/db.js';
import {
  createPaidSubscription, createPanelPlan, payAndProvision, reloadService, runProvisioning, startPanels, stopPanels, tablesContaining, type Panels,
} from './support.js';

const customerCtx = (userId: number): Ctx => systemCtx({ actor: { type: 'customer', userId, role: 'customer' } });

describe('Provisioning orchestration: credentials', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetDatabase();
    panels = await startPanels();
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  it('when a VPS is provisioned, then its root password is stored encrypted, sent once in the welcome mail, and in clear nowhere else', async () => {
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'));
    const service = await payAndProvision(subscription);
    await runProvisioning();
    await runProvisioning();

    const server = [...panels!.virtfusion.state.servers.values()][0];
    const password = server?.password ?? '';
    expect(password).to.have.length.greaterThan(8);
    expect(await tablesContaining(password)).to.deep.equal(['mail_outbox']);
    expect(await tablesContaining(panels!.virtfusion.token)).to.deep.equal([]);
    const welcome = await MailOutbox.findAll({ where: { template: 'service-provisioned' } });
    expect(welcome).to.have.length(1);
    expect(welcome[0]?.toAddress).to.equal(subscription.customer?.user?.email);
    expect(welcome[0]?.text).to.contain(password);
    expect(welcome[0]?.html).to.contain(password);
    expect((await reloadService(service.id)).credentialsEnc).to.match(/^v1:/);

    const owner = subscription.customer?.userId ?? 0;
    expect(await revealServiceCredentials(service.id, customerCtx(owner))).to.deep.equal({ username: 'root', password });
    const audit = await AuditLog.findOne({ where: { action: 'service.credentials_revealed' }, rejectOnEmpty: true });
    expect(audit).to.include({ actorType: 'customer', actorId: owner, entityId: String(service.id) });
    expect(JSON.stringify(audit.get({ plain: true }))).to.not.contain(password);
  });

  it("when another customer asks for a service's credentials, then the service is not found for them", async () => {
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    await runProvisioning();
    const stranger = await createCustomer();
    let caught: unknown;
    try {
      await revealServiceCredentials(service.id, customerCtx(stranger.userId));
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(NotFoundError);
    expect(await AuditLog.count({ where: { action: 'service.credentials_revealed' } })).to.equal(0);
  });

  it('when staff reset the root password, then the panel has the new one, it is stored encrypted and revealing shows it', async () => {
    const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
    await runProvisioning();
    const before = (await reloadService(service.id)).credentialsEnc;
    const staff = await createStaff('support');
    const ctx = systemCtx({ actor: { type: 'staff', userId: staff.id, role: 'support' } });

    const fresh = await resetServicePassword(service.id, ctx);
    const server = [...panels!.virtfusion.state.servers.values()][0];
    expect(fresh).to.deep.equal({ username: 'root', password: server?.password });
    const row = await reloadService(service.id);
    expect(row.credentialsEnc).to.match(/^v1:/).and.not.equal(before);
    expect(await tablesContaining(fresh.password ?? '')).to.deep.equal([]);
    expect(await revealServiceCredentials(service.id, ctx)).to.deep.equal(fresh);
    expect(await AuditLog.count({ where: { action: 'service.password_reset', actorId: staff.id } })).to.equal(1);
  });
});
