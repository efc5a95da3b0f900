import { expect } from 'chai';
import { suspensionsRunJob } from '../../../../src/jobs/suspensions-run.js';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { logger } from '../../../../src/lib/logger.js';
import { AuditLog, ProvisioningTask, Service, Subscription } from '../../../../src/models/index.js';
import { suspendSubscription } from '../../../../src/billing/subscriptions/suspend-subscription.js';
import { extendDueDate } from '../../../../src/billing/subscriptions/extend-due-date.js';
import { runSuspensions } from '../../../../src/payments/dunning/run-suspensions.js';
import { recordBankTransferPayment } from '../../../../src/payments/bank-transfer/record-bank-transfer-payment.js';
import { createCustomer } from '../../../factories/identity.js';
import { DAY, mailsOf, renewalDue, resetPayments, runAt, staffCtx } from '../operations/support.js';

const DUE = new Date('2030-03-01T00:00:00Z');
const at = (days: number): Date => new Date(DUE.getTime() + days * DAY + 3_600_000);

async function statusOf(subscription: Subscription): Promise<string> {
  return (await Subscription.findByPk(subscription.id, { rejectOnEmpty: true })).status;
}

async function tasksOf(subscription: Subscription): Promise<string[]> {
  const services = await Service.findAll({ where: { subscriptionId: subscription.id }, attributes: ['id'] });
  const tasks = await ProvisioningTask.findAll({ where: { serviceId: services.map((s) => s.id) }, order: [['id', 'ASC']] });
  return tasks.map((t) => t.action);
}

describe('Payments: suspensions:run (suspend after N days, terminate after M)', () => {
  beforeEach(async () => {
    await resetPayments();
    clock.set(new Date(DUE.getTime() - 7 * DAY));
  });

  it('when an invoice is 5 days overdue (run twice), then the subscription is suspended once, a suspend task queued, audited and the customer mailed', async () => {
    const customer = await createCustomer();
    const { subscription } = await renewalDue(customer, DUE);

    await runAt(suspensionsRunJob, at(4));
    expect(await statusOf(subscription)).to.equal('active');
    await runAt(suspensionsRunJob, at(5));
    await runAt(suspensionsRunJob, at(5));

    const row = await Subscription.findByPk(subscription.id, { rejectOnEmpty: true });
    expect(row.status).to.equal('suspended');
    expect(row.suspensionReason).to.match(/^Non-payment: invoice .+ is 5 days overdue$/);
    expect(await tasksOf(subscription)).to.deep.equal(['suspend']);
    expect(await AuditLog.count({ where: { action: 'subscription.suspended', entityId: String(subscription.id) } })).to.equal(1);
    expect(await mailsOf(customer)).to.deep.equal(['dunning-suspended']);
  });

  it('when the invoice is paid while suspended, then the subscription is active again and an unsuspend task is queued', async () => {
    const customer = await createCustomer();
    const { subscription, invoice } = await renewalDue(customer, DUE);
    await runAt(suspensionsRunJob, at(6));
    const { ctx } = await staffCtx('finance');

    await recordBankTransferPayment({ invoiceId: invoice.id, amountMinor: Number(invoice.totalMinor), reference: 'STMT-1', receivedOn: '2030-03-07' }, ctx);

    expect(await statusOf(subscription)).to.equal('active');
    expect(await tasksOf(subscription)).to.deep.equal(['suspend', 'unsuspend']);
  });

  it('when it stays unpaid for 30 days, then the subscription is terminated and a terminate task queued', async () => {
    const customer = await createCustomer();
    const { subscription } = await renewalDue(customer, DUE);

    await runAt(suspensionsRunJob, at(5));
    await runAt(suspensionsRunJob, at(29));
    expect(await statusOf(subscription)).to.equal('suspended');
    await runAt(suspensionsRunJob, at(30));
    await runAt(suspensionsRunJob, at(31));

    expect(await statusOf(subscription)).to.equal('terminated');
    expect(await tasksOf(subscription)).to.deep.equal(['suspend', 'terminate']);
    expect(await mailsOf(customer)).to.deep.equal(['dunning-suspended', 'dunning-terminated']);
  });

  it('when staff exempt the subscription or the customer, then nothing is suspended', async () => {
    const exemptSub = await renewalDue(await createCustomer(), DUE, { suspensionExempt: true });
    const exemptCustomer = await renewalDue(await createCustomer({}, 'dunningExempt'), DUE);

    await runAt(suspensionsRunJob, at(40));

    expect(await statusOf(exemptSub.subscription)).to.equal('active');
    expect(await statusOf(exemptCustomer.subscription)).to.equal('active');
  });

  it('when staff extend the due date, then the suspension waits for the extension to end', async () => {
    const { subscription } = await renewalDue(await createCustomer(), DUE);
    clock.set(at(2));
    await extendDueDate({ subscriptionId: subscription.id, until: at(10), reason: 'Customer asked for a week' }, (await staffCtx()).ctx);

    await runAt(suspensionsRunJob, at(6));
    expect(await statusOf(subscription)).to.equal('active');
    await runAt(suspensionsRunJob, at(10));
    expect(await statusOf(subscription)).to.equal('suspended');
  });

  it('when staff suspended a service for abuse, then a payment does not lift it and the policy does not terminate it', async () => {
    const customer = await createCustomer();
    const { subscription, invoice } = await renewalDue(customer, DUE);
    clock.set(at(1));
    await suspendSubscription({ subscriptionId: subscription.id, reason: 'Abuse: outgoing spam' }, (await staffCtx()).ctx);

    await runAt(suspensionsRunJob, at(31));
    await recordBankTransferPayment({ invoiceId: invoice.id, amountMinor: Number(invoice.totalMinor), reference: 'STMT-2', receivedOn: '2030-03-30' }, (await staffCtx('finance')).ctx);

    expect(await statusOf(subscription)).to.equal('suspended');
  });

  it('when two workers run the policy at once, then one suspend task and one mail', async () => {
    const customer = await createCustomer();
    const { subscription } = await renewalDue(customer, DUE);
    clock.set(at(5));

    await Promise.all([runSuspensions(systemCtx(), logger()), runSuspensions(systemCtx(), logger()), runAt(suspensionsRunJob)]);

    expect(await tasksOf(subscription)).to.deep.equal(['suspend']);
    expect(await mailsOf(customer)).to.deep.equal(['dunning-suspended']);
  });
});
