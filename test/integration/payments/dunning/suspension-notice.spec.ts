import { expect } from 'chai';
import { suspensionsRunJob } from '../../../../src/jobs/suspensions-run.js';
import { clock } from '../../../../src/lib/clock.js';
import { MailOutbox, Notification, type Service } from '../../../../src/models/index.js';
import { createInvoice } from '../../../factories/billing.js';
import { createCustomer } from '../../../factories/identity.js';
import {
  createPaidSubscription, createPanelPlan, payAndProvision, probe, reloadService, runProvisioning, startPanels, stopPanels, type Panels,
} from '../../provisioning/orchestration/support.js';
import { DAY, deliverOutbox, mailsOf, resetPayments, runAt } from '../operations/support.js';

const DUE = new Date('2030-03-01T00:00:00Z');
const at = (days: number): Date => new Date(DUE.getTime() + days * DAY + 3_600_000);

describe('Payments: one notice per dunning suspension and termination', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetPayments();
    clock.set(new Date(DUE.getTime() - 10 * DAY));
    panels = await startPanels();
  });
  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  async function overdueVps(): Promise<{ customerUserId: number; customer: Awaited<ReturnType<typeof createCustomer>>; service: Service; invoiceNumber: string; invoiceId: number }> {
    const customer = await createCustomer();
    const subscription = await createPaidSubscription(await createPanelPlan('virtfusion'), customer);
    const service = await payAndProvision(subscription);
    await runProvisioning();
    const invoice = await createInvoice({ subscription });
    await invoice.update({ dueAt: DUE });
    return { customer, customerUserId: customer.userId, service: await reloadService(service.id), invoiceNumber: invoice.number ?? '', invoiceId: invoice.id };
  }

  it('when dunning suspends a VPS on its panel, then the customer gets exactly one mail naming the invoice, its pay link and the service', async () => {
    const { customer, service, invoiceNumber, invoiceId } = await overdueVps();
    const provisioned = await mailsOf(customer);

    await runAt(suspensionsRunJob, at(5));
    await runProvisioning();
    await runAt(suspensionsRunJob, at(5));
    await runProvisioning();
    await deliverOutbox();

    expect((await reloadService(service.id)).status).to.equal('suspended');
    expect(probe(panels!, 'virtfusion').isSuspended(service.externalId ?? '')).to.equal(true);
    expect((await mailsOf(customer)).slice(provisioned.length)).to.deep.equal(['dunning-suspended']);
    const mail = await MailOutbox.findOne({ where: { template: 'dunning-suspended' }, rejectOnEmpty: true });
    expect(mail.text).to.include(invoiceNumber).and.to.include(`/account/billing/invoices/${invoiceId}`).and.to.include(service.reference);
    expect(mail.html).to.include(service.hostname ?? '-');
    const inApp = await Notification.findAll({ where: { userId: customer.userId, type: ['dunning.suspended', 'service.suspended'] } });
    expect(inApp.map((n) => n.type)).to.deep.equal(['dunning.suspended']);
  });

  it('when the invoice stays unpaid until termination, then one termination mail replaces the per-service one', async () => {
    const { customer, service } = await overdueVps();
    const provisioned = await mailsOf(customer);

    await runAt(suspensionsRunJob, at(5));
    await runProvisioning();
    await runAt(suspensionsRunJob, at(30));
    await runProvisioning();
    await deliverOutbox();

    expect((await reloadService(service.id)).status).to.equal('terminated');
    expect((await mailsOf(customer)).slice(provisioned.length)).to.deep.equal(['dunning-suspended', 'dunning-terminated']);
  });
});
