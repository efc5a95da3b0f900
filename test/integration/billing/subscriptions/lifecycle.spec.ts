import { expect } from 'chai';
import { activateSubscription } from '../../../../src/billing/subscriptions/activate-subscription.js';
import { cancelSubscription } from '../../../../src/billing/subscriptions/cancel-subscription.js';
import { extendDueDate } from '../../../../src/billing/subscriptions/extend-due-date.js';
import { handleInvoicePaid } from '../../../../src/billing/subscriptions/handle-invoice-paid.js';
import { markPastDue } from '../../../../src/billing/subscriptions/mark-past-due.js';
import { suspendSubscription } from '../../../../src/billing/subscriptions/suspend-subscription.js';
import { terminateSubscription } from '../../../../src/billing/subscriptions/terminate-subscription.js';
import { undoScheduledCancellation } from '../../../../src/billing/subscriptions/undo-scheduled-cancellation.js';
import { unsuspendSubscription } from '../../../../src/billing/subscriptions/unsuspend-subscription.js';
import { clock } from '../../../../src/lib/clock.js';
import { AuditLog, Invoice, OutboxMessage, ProvisioningTask, type Subscription } from '../../../../src/models/index.js';
import { createService, createSubscription } from '../../../factories/commerce.js';
import { createCustomer } from '../../../factories/identity.js';
import { asCustomer, asStaff, createCatalog, failure, freshEngine, sys } from '../orders/support.js';
import { activeSubscription, pay, renewNow, renewalsOf } from '../renewals/support.js';

const tasks = async (sub: Subscription) => {
  const rows = await ProvisioningTask.findAll({ include: [{ association: 'service', where: { subscriptionId: sub.id } }], order: [['id', 'ASC']] });
  return rows.map((t) => t.action);
};
const events = async (sub: Subscription) =>
  (await OutboxMessage.findAll({ where: { channel: 'event' }, order: [['id', 'ASC']] })).filter((m) => m.payload.subscriptionId === sub.id).map((m) => m.topic);

describe('billing / subscription lifecycle', () => {
  before(() => freshEngine('2025-03-10T12:00:00.000Z'));
  beforeEach(() => clock.set('2025-03-10T12:00:00.000Z'));

  it('when a subscription goes past due, is suspended, unsuspended and terminated, then each step is audited, emitted and reaches its service', async () => {
    const sub = await createSubscription({}, 'active');
    await createService({ subscription: sub }, 'active');
    await markPastDue({ subscriptionId: sub.id, invoiceId: 77 }, sys());
    await suspendSubscription({ subscriptionId: sub.id, reason: 'Invoice 77 overdue', invoiceId: 77 }, sys());
    await suspendSubscription({ subscriptionId: sub.id, reason: 'Invoice 77 overdue', invoiceId: 77 }, sys());
    await sub.reload();
    expect([sub.status, sub.suspensionReason]).to.deep.equal(['suspended', 'Invoice 77 overdue']);
    await unsuspendSubscription({ subscriptionId: sub.id, reason: 'Paid', causeId: 'invoice:77' }, await asStaff());
    await terminateSubscription({ subscriptionId: sub.id, reason: 'Abuse' }, await asStaff());
    await sub.reload();
    expect(sub.status).to.equal('terminated');
    expect(await tasks(sub)).to.deep.equal(['suspend', 'unsuspend', 'terminate']);
    expect(await events(sub)).to.deep.equal(['subscription.past_due', 'subscription.suspended', 'subscription.unsuspended', 'subscription.terminated']);
    const audit = await AuditLog.findAll({ where: { entityType: 'subscription', entityId: String(sub.id) }, order: [['id', 'ASC']] });
    expect(audit.map((a) => [a.action, (a.before as { status?: string }).status, (a.after as { status?: string }).status])).to.deep.equal([
      ['subscription.past_due', 'active', 'past_due'],
      ['subscription.suspended', 'past_due', 'suspended'],
      ['subscription.unsuspended', 'suspended', 'active'],
      ['subscription.terminated', 'active', 'terminated'],
    ]);
    expect((await failure(activateSubscription(sub.id, sys()))).code).to.equal('invalid_transition');
    expect((await failure(cancelSubscription({ subscriptionId: sub.id, mode: 'immediately', reason: 'x' }, sys()))).code).to.equal('invalid_transition');
  });

  it('when staff exempt a subscription or extend its due date, then dunning cannot suspend it but staff can', async () => {
    const exempt = await createSubscription({}, 'pastDue', 'exempt');
    expect((await failure(suspendSubscription({ subscriptionId: exempt.id, reason: 'overdue' }, sys()))).code).to.equal('suspension_exempt');
    const late = await createSubscription({}, 'pastDue');
    await extendDueDate({ subscriptionId: late.id, until: new Date('2025-03-20T00:00:00Z'), reason: 'Customer asked' }, await asStaff());
    expect((await failure(suspendSubscription({ subscriptionId: late.id, reason: 'overdue' }, sys()))).code).to.equal('due_date_extended');
    expect((await suspendSubscription({ subscriptionId: late.id, reason: 'Staff decided' }, await asStaff())).status).to.equal('suspended');
    expect((await failure(extendDueDate({ subscriptionId: late.id, until: new Date('2025-03-01T00:00:00Z'), reason: 'x' }, sys()))).code).to.equal('extension_in_past');
  });

  it('when a customer cancels now, then the service is terminated and the unpaid renewal for the next period is voided', async () => {
    clock.set('2025-03-10T12:00:00.000Z');
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    clock.set('2025-04-05T12:00:00.000Z');
    await renewNow();
    const [renewal] = await renewalsOf(sub.id);
    expect(renewal.status).to.equal('open');
    await cancelSubscription({ subscriptionId: sub.id, mode: 'immediately', reason: 'Too expensive', feedback: 'Found cheaper' }, asCustomer(customer));
    await sub.reload();
    expect([sub.status, sub.cancellationReason, sub.cancellationFeedback]).to.deep.equal(['cancelled', 'Too expensive', 'Found cheaper']);
    expect((await Invoice.findByPk(renewal.id, { rejectOnEmpty: true })).status).to.equal('void');
    expect(await tasks(sub)).to.deep.equal(['create', 'terminate']);
  });

  it('when a cancellation at period end is scheduled and undone, then the subscription renews as before; when kept, it ends with its period', async () => {
    clock.set('2025-03-10T12:00:00.000Z');
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    const sub = await activeSubscription(customer, plan.id);
    await cancelSubscription({ subscriptionId: sub.id, mode: 'period_end', reason: 'Moving' }, asCustomer(customer));
    await undoScheduledCancellation({ subscriptionId: sub.id }, asCustomer(customer));
    expect((await sub.reload()).cancelAtPeriodEnd).to.equal(false);
    await cancelSubscription({ subscriptionId: sub.id, mode: 'period_end', reason: 'Moving' }, asCustomer(customer));
    clock.set('2025-04-05T12:00:00.000Z');
    await renewNow();
    expect(await renewalsOf(sub.id)).to.have.length(0);
    clock.set('2025-04-10T12:00:01.000Z');
    await renewNow();
    await sub.reload();
    expect([sub.status, sub.cancelAtPeriodEnd]).to.deep.equal(['cancelled', false]);
    expect(await tasks(sub)).to.deep.equal(['create', 'terminate']);
    expect((await failure(undoScheduledCancellation({ subscriptionId: sub.id }, sys()))).code).to.equal('invalid_transition');
  });

  it('when the overdue renewal of a past-due subscription is paid, then it is active again', async () => {
    clock.set('2025-03-10T12:00:00.000Z');
    const { plan } = await createCatalog();
    const sub = await activeSubscription(await createCustomer(), plan.id);
    clock.set('2025-04-05T12:00:00.000Z');
    await renewNow();
    clock.set('2025-04-12T12:00:00.000Z');
    await markPastDue({ subscriptionId: sub.id }, sys());
    const [renewal] = await renewalsOf(sub.id);
    await pay(renewal);
    expect((await sub.reload()).status).to.equal('active');
    expect((await handleInvoicePaid(renewal.id, sys())).reactivated).to.equal(null);
  });
});
