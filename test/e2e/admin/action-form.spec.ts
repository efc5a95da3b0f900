import { expect } from 'chai';
import { systemCtx } from '../../../src/lib/context.js';
import { AuditLog, CreditNote, Invoice, LedgerEntry, Subscription } from '../../../src/models/index.js';
import { chargeInvoiceOffSession } from '../../../src/payments/operations/charge-invoice-off-session.js';
import { customerWithCards, openInvoice, startRails } from '../../integration/payments/operations/support.js';
import { createInvoice } from '../../factories/billing.js';
import { createSubscription } from '../../factories/commerce.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, signedIn, type Browser } from './support.js';

interface ActionState {
  name: string;
  component: string | false | null;
  custom: { intro?: string; fields?: Array<{ name: string; required: boolean }>; bulk?: boolean };
}
interface ResourceState {
  id: string;
  actions: ActionState[];
}

/** The resources and actions the panel's page hands to the browser (window.REDUX_STATE). */
async function panelState(agent: Browser): Promise<ResourceState[]> {
  const page = await agent.get('/admin');
  const match = /window\.REDUX_STATE = (.*?);\n/s.exec(page.text);
  expect(match, 'REDUX_STATE on the panel page').to.not.equal(null);
  return (JSON.parse(match![1]!) as { resources: ResourceState[] }).resources;
}

/** What staff type for each action, by resource and action (empty: a confirmation only). */
const EXPECTED_INPUTS: Record<string, Record<string, string[]>> = {
  orders: { approve: [], reject: ['reason'] },
  invoices: {
    issue: [], void: ['reason'], recordBankTransfer: ['amount', 'reference', 'receivedOn'], refundToCredit: ['reason', 'amount'],
    refundToGateway: ['reason', 'amount'], resend: [], bulkResend: [],
  },
  services: { suspend: ['reason'], unsuspend: ['reason'], terminate: ['reason'], power: ['action'], retryProvisioning: [], bulkSuspend: ['reason'] },
  subscriptions: { cancelAtPeriodEnd: ['reason', 'feedback'], cancelNow: ['reason', 'feedback'], extendDueDate: ['until', 'reason'] },
  customers: { impersonate: ['reason'] },
  mail_outbox: { resend: [] },
};

describe('back office: action forms', () => {
  let admin: Browser;
  let finance: Browser;

  beforeEach(async () => {
    await resetDatabase();
    [admin, finance] = await Promise.all([signedIn(await createStaff('admin')), signedIn(await createStaff('finance'))]);
  });

  it('when the admin opens the panel, then every operation action opens the action form with the inputs it declares, a reason required where the operation needs one', async () => {
    const resources = await panelState(admin);
    for (const [resourceId, actions] of Object.entries(EXPECTED_INPUTS)) {
      const resource = resources.find((r) => r.id === resourceId);
      expect(resource, resourceId).to.not.equal(undefined);
      for (const [name, fields] of Object.entries(actions)) {
        const action = resource!.actions.find((a) => a.name === name);
        expect(action?.component, `${resourceId}.${name}`).to.equal('ActionForm');
        expect(action!.custom.fields!.map((f) => f.name), `${resourceId}.${name}`).to.deep.equal(fields);
        expect(action!.custom.intro, `${resourceId}.${name}`).to.be.a('string').and.not.equal('');
        const reason = action!.custom.fields!.find((f) => f.name === 'reason');
        if (reason && name !== 'unsuspend') expect(reason.required, `${resourceId}.${name} reason`).to.equal(true);
      }
    }
  });

  it('when the panel loads its components, then the served bundle contains the action form', async function () {
    this.timeout(180_000);
    const res = await admin.get('/admin/frontend/assets/components.bundle.js');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('ActionForm');
  });

  it('when staff open an action page, then the panel serves it (the form is rendered in the browser)', async () => {
    const invoice = await createInvoice({}, 'open');
    const page = await finance.get(`/admin/resources/invoices/records/${invoice.id}/void`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('window.REDUX_STATE');
  });

  it('when finance posts the extend-due-date form with a day and a reason, then the subscription is extended and audited; without a reason or with a bad day nothing changes', async () => {
    const subscription = await createSubscription({}, 'pastDue');
    const missing = await apiAction(finance, 'subscriptions', 'extendDueDate', { recordId: subscription.id, payload: { until: '2099-01-31', reason: '' } });
    expect(missing.body.notice?.message).to.match(/^invalidActionInput: reason/);
    const badDay = await apiAction(finance, 'subscriptions', 'extendDueDate', { recordId: subscription.id, payload: { until: '31/01/2099', reason: 'Promised to pay on Friday' } });
    expect(badDay.body.notice?.message).to.match(/^invalidActionInput: until/);
    expect((await Subscription.findByPk(subscription.id))!.dueExtensionUntil).to.equal(null);

    const res = await apiAction(finance, 'subscriptions', 'extendDueDate', { recordId: subscription.id, payload: { until: '2099-01-31', reason: 'Promised to pay on Friday' } });
    expect(res.body.notice, res.body.notice?.message).to.deep.equal({ message: 'dueDateExtended', type: 'success' });
    expect((await Subscription.findByPk(subscription.id))!.dueExtensionUntil?.toISOString()).to.equal('2099-01-31T23:59:59.000Z');
    expect(await AuditLog.count({ where: { entityType: 'subscription', entityId: String(subscription.id), reason: 'Promised to pay on Friday' } })).to.be.greaterThan(0);
  });

  it('when finance refunds to the gateway an invoice paid only by bank transfer, then the operation\'s refusal is the notice and nothing is refunded', async () => {
    const invoice = await createInvoice({}, 'open');
    const amount = (Number(invoice.amountDueMinor) / 100).toFixed(2);
    const paid = await apiAction(finance, 'invoices', 'recordBankTransfer', { recordId: invoice.id, payload: { amount, reference: 'STATEMENT-1', receivedOn: '2026-01-05' } });
    expect(paid.body.notice?.type, paid.body.notice?.message).to.equal('success');
    const before = await Invoice.findByPk(invoice.id);
    const res = await apiAction(finance, 'invoices', 'refundToGateway', { recordId: invoice.id, payload: { reason: 'Customer asked for it back' } });
    expect(res.status).to.equal(200);
    expect(res.body.notice?.type).to.equal('error');
    expect(res.body.notice?.message).to.contain('has no card or PayPal payment to refund');
    const after = await Invoice.findByPk(invoice.id);
    expect(after!.status).to.equal(before!.status);
    expect(await AuditLog.count({ where: { action: 'invoice.refunded' } })).to.equal(0);
  });

  it('when finance posts a refund to the gateway without a reason, then nothing happens', async () => {
    const invoice = await createInvoice({}, 'paid');
    const res = await apiAction(finance, 'invoices', 'refundToGateway', { recordId: invoice.id, payload: { reason: '', amount: '1.00' } });
    expect(res.body.notice?.message).to.match(/^invalidActionInput: reason/);
    expect((await Invoice.findByPk(invoice.id))!.status).to.equal('paid');
  });

  it('when finance refunds part of a card payment to the gateway twice at once, then Stripe refunds it once and the ledger holds one refund with its credit note', async () => {
    const rails = await startRails();
    try {
      const { customer } = await customerWithCards(rails.stripe, 1);
      const invoice = await openInvoice(customer, { lines: [{ kind: 'manual', description: 'VPS', unitAmountMinor: 2500 }] });
      await chargeInvoiceOffSession(invoice.id, systemCtx());
      const payload = { reason: 'Downtime on 3 March', amount: '5.00' };
      const results = await Promise.all([
        apiAction(finance, 'invoices', 'refundToGateway', { recordId: invoice.id, payload }),
        apiAction(finance, 'invoices', 'refundToGateway', { recordId: invoice.id, payload }),
      ]);
      expect(results.some((r) => r.body.notice?.message === 'refundedToGateway'), JSON.stringify(results.map((r) => r.body.notice))).to.equal(true);
      expect(rails.stripe.counts().refunds).to.equal(1);
      const refunds = await LedgerEntry.findAll({ where: { invoiceId: invoice.id, kind: 'refund' } });
      expect(refunds.map((r) => Number(r.amountMinor))).to.deep.equal([500]);
      expect(await CreditNote.count({ where: { invoiceId: invoice.id, kind: 'refund', refundTo: 'gateway' } })).to.equal(1);
    } finally {
      await rails.stop();
    }
  });
});
