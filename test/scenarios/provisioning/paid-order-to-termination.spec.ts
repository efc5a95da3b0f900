import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { MailOutbox, Notification, ProvisioningTask } from '../../../src/models/index.js';
import { suspendService } from '../../../src/provisioning/services/suspend-service.js';
import { terminateService } from '../../../src/provisioning/services/terminate-service.js';
import { unsuspendService } from '../../../src/provisioning/services/unsuspend-service.js';
import { createStaff } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import {
  createPaidSubscription, createPanelPlan, payAndProvision, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from '../../integration/provisioning/orchestration/support.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

describe('Scenario: a VPS from a paid order through dunning to cancellation', () => {
  let panels: Panels | undefined;

  before(async () => {
    await resetDatabase();
    panels = await startPanels();
  });

  after(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  it('when the order is paid on Jan 31, the panel hiccups, the renewal goes unpaid, is paid late and the customer cancels, then the VPS follows and the customer is told each time', async () => {
    const vf = panels!.virtfusion;
    await createStaff('admin');
    clock.set('2025-01-31T10:00:00Z');
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'));
    const at = (ms: number): void => clock.set(new Date(clock.now().getTime() + ms));

    // Paid: the worker's first attempt meets a 502, the one a minute later builds the server.
    vf.fail(1, 502);
    const service = await payAndProvision(subscription);
    await runProvisioning();
    expect((await reloadService(service.id)).status).to.equal('provisioning');
    at(MINUTE);
    await runProvisioning();
    let row = await reloadService(service.id);
    expect(row.status).to.equal('active');
    expect(vf.state.servers.size).to.equal(1);
    const server = vf.state.servers.get(Number(row.externalId));
    expect(server?.name).to.equal(row.reference);

    // The Feb 28 renewal stays unpaid; dunning suspends on day 5 and its next run asks again: still one task.
    clock.set('2025-03-05T06:00:00Z');
    await suspendService(service.id, { reason: 'Invoice INV-2025-000002 is 5 days overdue', causeId: 'invoice:2' }, systemCtx());
    await suspendService(service.id, { reason: 'Invoice INV-2025-000002 is 5 days overdue', causeId: 'invoice:2' }, systemCtx());
    await runProvisioning();
    expect((await reloadService(service.id)).status).to.equal('suspended');
    expect(server?.suspended).to.equal(true);

    // Paid on Mar 9: lifted within the minute.
    clock.set('2025-03-09T14:30:00Z');
    await unsuspendService(service.id, { reason: 'Invoice INV-2025-000002 paid', causeId: 'invoice:2' }, systemCtx());
    at(MINUTE);
    await runProvisioning();
    expect((await reloadService(service.id)).status).to.equal('active');
    expect(server?.suspended).to.equal(false);

    // Cancelled at the end of the period (Mar 31): terminated on the panel, credentials dropped.
    clock.set('2025-03-31T10:00:00Z');
    await terminateService(service.id, { reason: 'Cancelled at period end' }, systemCtx());
    await runProvisioning();
    at(30 * DAY);
    await runProvisioning();
    row = await reloadService(service.id);
    expect(row.status).to.equal('terminated');
    expect(row.terminatedAt?.toISOString()).to.equal('2025-03-31T10:00:00.000Z');
    expect(row.credentialsEnc).to.equal(null);
    expect(vf.state.servers.size).to.equal(0);

    const mails = (await MailOutbox.findAll({ where: { userId: subscription.customer?.userId }, order: [['id', 'ASC']] })).map((m) => m.template);
    expect(mails).to.deep.equal(['service-provisioned', 'service-suspended', 'service-unsuspended', 'service-terminated']);
    const tasks = await ProvisioningTask.findAll({ where: { serviceId: service.id }, order: [['id', 'ASC']] });
    expect(tasks.map((t) => `${t.action}:${t.status}:${t.attempts}`)).to.deep.equal(['create:succeeded:2', 'suspend:succeeded:1', 'unsuspend:succeeded:1', 'terminate:succeeded:1']);
    expect(await Notification.count({ where: { type: 'provisioning.failed' } })).to.equal(0);
  });
});
