import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { suspendCustomer } from '../../../src/auth/accounts/suspend-customer.js';
import { unsuspendCustomer } from '../../../src/auth/accounts/unsuspend-customer.js';
import { authenticateWithPassword } from '../../../src/auth/authenticate-with-password.js';
import { clock } from '../../../src/lib/clock.js';
import { type Ctx, systemCtx } from '../../../src/lib/context.js';
import { AuditLog, Customer, ProvisioningTask, SessionRecord } from '../../../src/models/index.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer, createStaff, TEST_PASSWORD } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { codeOf, staffCtx } from '../support/helpers.js';

const staff = async (): Promise<Ctx> => staffCtx(await createStaff('support'));

async function portalSession(userId: number, surface = 'portal'): Promise<void> {
  await SessionRecord.create({ sid: randomUUID(), userId, surface, data: '{}', expiresAt: new Date(clock.now().getTime() + 3_600_000) });
}

const tasksOf = (serviceId: number) => ProvisioningTask.findAll({ where: { serviceId }, order: [['id', 'ASC']] }).then((rows) => rows.map((t) => [t.action, t.status]));

describe('back office: suspending and unsuspending a customer account', () => {
  beforeEach(async () => {
    await resetDatabase();
    clock.set('2030-05-01T10:00:00.000Z');
  });
  after(() => clock.reset());

  it('when staff suspend an account twice, then it is suspended once: sessions ended, one audit row, sign-in refused', async () => {
    const customer = await createCustomer();
    await portalSession(customer.userId);
    await portalSession(customer.userId);
    const ctx = await staff();

    const first = await suspendCustomer({ customerId: customer.id, reason: 'Chargeback fraud' }, ctx);
    await portalSession(customer.userId);
    const second = await suspendCustomer({ customerId: customer.id, reason: 'Chargeback fraud' }, ctx);

    expect(first).to.deep.equal({ changed: true, sessionsEnded: 2, servicesQueued: 0 });
    expect(second).to.deep.equal({ changed: false, sessionsEnded: 0, servicesQueued: 0 });
    expect((await Customer.findByPk(customer.id))!.status).to.equal('suspended');
    const audits = await AuditLog.findAll({ where: { action: 'customer.suspended', entityId: String(customer.id) } });
    expect(audits.map((a) => [a.actorId, a.reason, a.before?.status, a.after])).to.deep.equal([[ctx.actor.userId, 'Chargeback fraud', 'active', { status: 'suspended', sessionsEnded: 2, servicesSuspended: false }]]);
    const user = customer.user!;
    expect(await codeOf(authenticateWithPassword({ email: user.email, password: TEST_PASSWORD }, systemCtx()))).to.equal('account_suspended');
  });

  it('when staff suspend with "also suspend services" twice, then each active service gets one suspend task; suspended, terminated and archived ones none', async () => {
    const customer = await createCustomer();
    const subscription = await createSubscription({ customer });
    const active = await createService({ subscription });
    const other = await createService({ customer });
    const billingHeld = await createService({ customer }, 'suspended');
    const gone = await createService({ customer }, 'terminated');
    const archived = await createService({ customer }, 'archived');
    const stranger = await createService({}, 'active');
    const ctx = await staff();

    const first = await suspendCustomer({ customerId: customer.id, reason: 'Abuse report 77', suspendServices: true }, ctx);
    const second = await suspendCustomer({ customerId: customer.id, reason: 'Abuse report 77', suspendServices: true }, { ...ctx, requestId: randomUUID() });

    expect(first.servicesQueued).to.equal(2);
    expect(second).to.deep.equal({ changed: false, sessionsEnded: 0, servicesQueued: 0 });
    expect(await tasksOf(active.id)).to.deep.equal([['suspend', 'pending']]);
    expect(await tasksOf(other.id)).to.deep.equal([['suspend', 'pending']]);
    for (const untouched of [billingHeld, gone, archived, stranger]) expect(await tasksOf(untouched.id)).to.deep.equal([]);
    const task = await ProvisioningTask.findOne({ where: { serviceId: active.id } });
    expect(task?.reason).to.equal('Account suspended: Abuse report 77');
    expect(await AuditLog.count({ where: { action: 'service.suspend_requested' } })).to.equal(2);
  });

  it('when staff unsuspend twice with "also unsuspend services", then the account is active once and only the services the suspension switched off get one unsuspend task', async () => {
    const customer = await createCustomer();
    const active = await createService({ customer });
    const billingHeld = await createService({ subscription: await createSubscription({ customer }, 'suspended') }, 'suspended');
    const ctx = await staff();
    await suspendCustomer({ customerId: customer.id, reason: 'Abuse report 78', suspendServices: true }, ctx);
    await ProvisioningTask.update({ status: 'succeeded' }, { where: { serviceId: active.id } });
    await active.update({ status: 'suspended' });

    const first = await unsuspendCustomer({ customerId: customer.id, reason: 'Resolved', unsuspendServices: true }, ctx);
    const second = await unsuspendCustomer({ customerId: customer.id, reason: 'Resolved', unsuspendServices: true }, { ...ctx, requestId: randomUUID() });

    expect(first).to.deep.equal({ changed: true, servicesQueued: 1 });
    expect(second).to.deep.equal({ changed: false, servicesQueued: 0 });
    expect((await Customer.findByPk(customer.id))!.status).to.equal('active');
    expect(await tasksOf(active.id)).to.deep.equal([['suspend', 'succeeded'], ['unsuspend', 'pending']]);
    expect(await tasksOf(billingHeld.id)).to.deep.equal([]);
    const audits = await AuditLog.findAll({ where: { action: 'customer.unsuspended', entityId: String(customer.id) } });
    expect(audits.map((a) => [a.reason, a.before?.status, a.after?.status])).to.deep.equal([['Resolved', 'suspended', 'active']]);
  });

  it('when the account is suspended again later, then its services are suspended again under the new suspension', async () => {
    const customer = await createCustomer();
    const service = await createService({ customer });
    const ctx = await staff();
    await suspendCustomer({ customerId: customer.id, reason: 'First time', suspendServices: true }, ctx);
    await ProvisioningTask.update({ status: 'succeeded' }, { where: { serviceId: service.id } });
    await unsuspendCustomer({ customerId: customer.id, unsuspendServices: true }, ctx);
    await ProvisioningTask.update({ status: 'succeeded' }, { where: { serviceId: service.id } });

    const again = await suspendCustomer({ customerId: customer.id, reason: 'Second time', suspendServices: true }, ctx);

    expect(again).to.include({ changed: true, servicesQueued: 1 });
    expect((await tasksOf(service.id)).map(([action]) => action)).to.deep.equal(['suspend', 'unsuspend', 'suspend']);
  });

  it('when the reason is missing, the account is closed, or a customer asks, then it is refused and nothing changes', async () => {
    const customer = await createCustomer();
    const closed = await createCustomer({}, 'closed');
    const ctx = await staff();
    expect(await codeOf(suspendCustomer({ customerId: customer.id, reason: ' ' }, ctx))).to.equal('suspension_reason_required');
    expect(await codeOf(suspendCustomer({ customerId: closed.id, reason: 'Fraud' }, ctx))).to.equal('customer_closed');
    const asCustomer: Ctx = { actor: { type: 'customer', userId: customer.userId, role: 'customer' }, now: clock.now(), requestId: randomUUID() };
    expect(await codeOf(suspendCustomer({ customerId: customer.id, reason: 'Fraud' }, asCustomer))).to.equal('staff_only');
    expect((await Customer.findByPk(customer.id))!.status).to.equal('active');
    expect(await AuditLog.count({ where: { action: 'customer.suspended' } })).to.equal(0);
  });
});
