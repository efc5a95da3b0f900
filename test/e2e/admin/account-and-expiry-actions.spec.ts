import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, Customer, Invoice, ProvisioningTask, Service, SessionRecord, Subscription } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createService } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { createPaidSubscription, createPanelPlan, payAndProvision, runProvisioning, startPanels, stopPanels, type Panels } from '../../integration/provisioning/orchestration/support.js';
import { apiAction, createStaff, expectForbidden, signedIn, type Browser } from './support.js';

interface ActionState {
  name: string;
  component: string | false | null;
  custom: { intro?: string; fields?: Array<{ name: string; required: boolean }> };
}

/** The actions of a resource as the panel page hands them to the browser (window.REDUX_STATE). */
async function actionsOf(agent: Browser, resourceId: string): Promise<ActionState[]> {
  const page = await agent.get('/admin');
  const match = /window\.REDUX_STATE = (.*?);\n/s.exec(page.text);
  expect(match, 'REDUX_STATE on the panel page').to.not.equal(null);
  const resources = (JSON.parse(match![1]!) as { resources: Array<{ id: string; actions: ActionState[] }> }).resources;
  return resources.find((r) => r.id === resourceId)?.actions ?? [];
}

describe('back office: account suspension, service expiry, invoice due date, power and archive', function () {
  this.timeout(60_000);
  let admin: Browser;
  let support: Browser;
  let finance: Browser;

  beforeEach(async () => {
    await resetDatabase();
    clock.set('2030-05-10T10:00:00.000Z');
    [admin, support, finance] = await Promise.all([signedIn(await createStaff('admin')), signedIn(await createStaff('support')), signedIn(await createStaff('finance'))]);
  });
  afterEach(() => clock.reset());

  it('when the admin opens the panel, then the new actions open the action form with their inputs', async () => {
    const fieldsOf = async (resource: string, name: string) => {
      const action = (await actionsOf(admin, resource)).find((a) => a.name === name);
      expect(action?.component, `${resource}.${name}`).to.equal('ActionForm');
      expect(action!.custom.intro).to.be.a('string').and.not.equal('');
      return action!.custom.fields!.map((f) => [f.name, f.required]);
    };
    expect(await fieldsOf('customers', 'suspendAccount')).to.deep.equal([['reason', true], ['suspendServices', true]]);
    expect(await fieldsOf('customers', 'unsuspendAccount')).to.deep.equal([['reason', false], ['unsuspendServices', true]]);
    expect(await fieldsOf('services', 'extendExpiry')).to.deep.equal([['days', false], ['until', false], ['reason', true]]);
    expect(await fieldsOf('invoices', 'extendDueDate')).to.deep.equal([['until', true], ['reason', true]]);
    expect(await fieldsOf('services', 'restoreArchived')).to.deep.equal([['service', true], ['reason', true]]);
  });

  describe('customer account', () => {
    it('when support suspends an account with its services (posted twice), then it is suspended once, signed out, one suspend task per active service; finance is refused', async () => {
      const customer = await createCustomer();
      const service = await createService({ customer });
      await SessionRecord.create({ sid: randomUUID(), userId: customer.userId, surface: 'portal', data: '{}', expiresAt: new Date(Date.now() + 3_600_000) });
      const payload = { reason: 'Phishing site reported', suspendServices: 'yes' };

      expectForbidden(await apiAction(finance, 'customers', 'suspendAccount', { recordId: customer.id, payload }));
      expect((await Customer.findByPk(customer.id))!.status).to.equal('active');
      expect(await SessionRecord.count({ where: { userId: customer.userId } })).to.equal(1);

      const res = await apiAction(support, 'customers', 'suspendAccount', { recordId: customer.id, payload });
      expect(res.body.notice).to.deep.equal({ message: 'accountSuspended', type: 'success' });
      expect(res.body.record?.params.status).to.equal('suspended');
      const again = await apiAction(admin, 'customers', 'suspendAccount', { recordId: customer.id, payload });
      expect(again.body.notice).to.deep.equal({ message: 'actionNotApplicable', type: 'error' });

      expect((await Customer.findByPk(customer.id))!.status).to.equal('suspended');
      expect(await SessionRecord.count({ where: { userId: customer.userId } })).to.equal(0);
      expect(await ProvisioningTask.count({ where: { serviceId: service.id, action: 'suspend' } })).to.equal(1);
      const audit = await AuditLog.findOne({ where: { action: 'customer.suspended', entityId: String(customer.id) } });
      expect([audit?.actorType, audit?.reason]).to.deep.equal(['staff', 'Phishing site reported']);
      expect(await AuditLog.count({ where: { action: 'customer.suspended' } })).to.equal(1);
    });

    it('when the admin unsuspends (posted twice), then the account is active once; finance is refused; a missing reason on suspend is refused with a notice', async () => {
      const customer = await createCustomer({}, 'suspended');
      expectForbidden(await apiAction(finance, 'customers', 'unsuspendAccount', { recordId: customer.id, payload: { reason: '', unsuspendServices: 'no' } }));
      expect((await Customer.findByPk(customer.id))!.status).to.equal('suspended');

      const res = await apiAction(admin, 'customers', 'unsuspendAccount', { recordId: customer.id, payload: { reason: '', unsuspendServices: 'no' } });
      expect(res.body.notice).to.deep.equal({ message: 'accountUnsuspended', type: 'success' });
      const again = await apiAction(support, 'customers', 'unsuspendAccount', { recordId: customer.id, payload: { reason: '', unsuspendServices: 'no' } });
      expect(again.body.notice).to.deep.equal({ message: 'actionNotApplicable', type: 'error' });
      expect((await Customer.findByPk(customer.id))!.status).to.equal('active');
      expect(await AuditLog.count({ where: { action: 'customer.unsuspended', entityId: String(customer.id) } })).to.equal(1);

      const missing = await apiAction(support, 'customers', 'suspendAccount', { recordId: customer.id, payload: { reason: '', suspendServices: 'no' } });
      expect(missing.body.notice?.message).to.match(/^invalidActionInput: reason/);
      expect((await Customer.findByPk(customer.id))!.status).to.equal('active');
    });
  });

  describe('service expiry', () => {
    it('when support sets a new expiry day (posted twice), then the period ends at the end of that day, audited once; finance is refused', async () => {
      const service = await createService();
      const end = (await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!;
      const payload = { days: '', until: '2030-06-25', reason: 'Compensation for outage' };

      expectForbidden(await apiAction(finance, 'services', 'extendExpiry', { recordId: service.id, payload }));
      expect((await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!.getTime()).to.equal(end.getTime());

      for (const agent of [support, support]) {
        const res = await apiAction(agent, 'services', 'extendExpiry', { recordId: service.id, payload });
        expect(res.body.notice, JSON.stringify(res.body.notice)).to.deep.equal({ message: 'serviceExpiryExtended', type: 'success' });
      }
      expect((await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!.toISOString()).to.equal('2030-06-25T23:59:59.000Z');
      expect(await AuditLog.count({ where: { action: 'service.expiry_extended', entityId: String(service.id) } })).to.equal(1);
    });

    it('when both or neither of days and date are given, or the day is in the past, then an error notice is shown and nothing changes', async () => {
      const service = await createService();
      const end = (await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!;
      const both = await apiAction(admin, 'services', 'extendExpiry', { recordId: service.id, payload: { days: '3', until: '2030-06-25', reason: 'Both' } });
      expect(both.body.notice?.message).to.match(/^invalidActionInput: days/);
      const neither = await apiAction(admin, 'services', 'extendExpiry', { recordId: service.id, payload: { days: '', until: '', reason: 'Neither' } });
      expect(neither.body.notice?.message).to.match(/^invalidActionInput: days/);
      const past = await apiAction(admin, 'services', 'extendExpiry', { recordId: service.id, payload: { days: '', until: '2030-05-01', reason: 'Past' } });
      expect(past.body.notice).to.deep.equal({ message: 'The new expiry must be in the future', type: 'error' });
      expect((await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!.getTime()).to.equal(end.getTime());
      expect(await AuditLog.count({ where: { action: 'service.expiry_extended' } })).to.equal(0);
    });
  });

  describe('invoice due date', () => {
    it('when finance extends an open invoice due date (posted twice), then it is due at the end of that day, audited once; support is refused', async () => {
      const invoice = await createInvoice({}, 'open');
      const payload = { until: '2030-06-01', reason: 'Customer awaiting budget approval' };

      expectForbidden(await apiAction(support, 'invoices', 'extendDueDate', { recordId: invoice.id, payload }));
      expect((await Invoice.findByPk(invoice.id))!.dueAt!.getTime()).to.equal(invoice.dueAt!.getTime());

      for (const agent of [finance, admin]) {
        const res = await apiAction(agent, 'invoices', 'extendDueDate', { recordId: invoice.id, payload });
        expect(res.body.notice).to.deep.equal({ message: 'invoiceDueDateExtended', type: 'success' });
      }
      expect((await Invoice.findByPk(invoice.id))!.dueAt!.toISOString()).to.equal('2030-06-01T23:59:59.000Z');
      expect(await AuditLog.count({ where: { action: 'invoice.due_date_extended', entityId: String(invoice.id) } })).to.equal(1);
    });
  });

  describe('services on a panel', () => {
    let panels: Panels | undefined;
    beforeEach(async () => {
      panels = await startPanels();
    });
    afterEach(async () => {
      await stopPanels(panels);
      panels = undefined;
    });

    it('when support restarts a VPS from the back office, then the fake VirtFusion receives the restart and the action is audited; finance is refused and the panel hears nothing', async () => {
      const service = await payAndProvision(await createPaidSubscription(await createPanelPlan('virtfusion')));
      await runProvisioning();
      const server = [...panels!.virtfusion.state.servers.values()][0];
      expect((await Service.findByPk(service.id))!.status).to.equal('active');

      expectForbidden(await apiAction(finance, 'services', 'power', { recordId: service.id, payload: { action: 'restart' } }));
      expect(panels!.virtfusion.state.powerActions).to.deep.equal([]);

      const res = await apiAction(support, 'services', 'power', { recordId: service.id, payload: { action: 'restart' } });
      expect(res.body.notice).to.deep.equal({ message: 'servicePowerSent', type: 'success' });
      expect(panels!.virtfusion.state.powerActions).to.deep.equal([{ serverId: server?.id, action: 'restart' }]);
      const audits = await AuditLog.findAll({ where: { action: 'service.power_sent', entityId: String(service.id) } });
      expect(audits.map((a) => [a.actorType, a.after])).to.deep.equal([['staff', { action: 'restart' }]]);
    });
  });

  describe('archive', () => {
    it('when the admin archives a service, then it is soft-deleted (hidden from the list, row kept) and audited; support is refused', async () => {
      const service = await createService({}, 'terminated');
      const kept = await createService();
      expectForbidden(await apiAction(support, 'services', 'delete', { recordId: service.id, payload: {} }));
      expect(await Service.count()).to.equal(2);

      const res = await apiAction(admin, 'services', 'delete', { recordId: service.id, payload: {} });
      expect(res.body.notice?.type, JSON.stringify(res.body.notice)).to.equal('success');
      const row = await Service.findByPk(service.id, { paranoid: false });
      expect(row?.deletedAt).to.be.an.instanceOf(Date);
      expect(await Service.count()).to.equal(1);
      const list = await apiAction(admin, 'services', 'list');
      expect(list.body.records?.map((r) => String(r.id))).to.deep.equal([String(kept.id)]);
      expect(await AuditLog.count({ where: { action: 'service.deleted', entityId: String(service.id) } })).to.equal(1);
    });

    it('when the admin restores an archived service by its reference (posted twice), then it is back in the list once, audited once; support is refused', async () => {
      const service = await createService({}, 'archived');
      const payload = { service: service.reference, reason: 'Archived by mistake' };
      expectForbidden(await apiAction(support, 'services', 'restoreArchived', { payload }));
      expect(await Service.count()).to.equal(0);

      const res = await apiAction(admin, 'services', 'restoreArchived', { payload });
      expect(res.body.notice).to.deep.equal({ message: 'serviceRestored', type: 'success' });
      const again = await apiAction(admin, 'services', 'restoreArchived', { payload: { service: String(service.id), reason: 'Archived by mistake' } });
      expect(again.body.notice).to.deep.equal({ message: 'serviceNotArchived', type: 'info' });
      const unknown = await apiAction(admin, 'services', 'restoreArchived', { payload: { service: 'svc-nope', reason: 'Typo' } });
      expect(unknown.body.notice?.type).to.equal('error');

      expect((await Service.findByPk(service.id))?.status).to.equal('active');
      const list = await apiAction(admin, 'services', 'list');
      expect(list.body.records?.map((r) => String(r.id))).to.deep.equal([String(service.id)]);
      const audits = await AuditLog.findAll({ where: { action: 'service.restored', entityId: String(service.id) } });
      expect(audits.map((a) => [a.actorType, a.reason, a.after])).to.deep.equal([['staff', 'Archived by mistake', { deletedAt: null }]]);
    });
  });
});
