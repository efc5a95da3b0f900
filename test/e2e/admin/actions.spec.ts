import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, CreditNote, Invoice, LedgerEntry, Order, ProvisioningTask, Subscription } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createOrder, createService, createSubscription } from '../../factories/commerce.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, expectForbidden, signedIn, type Browser } from './support.js';

describe('back office: record actions', () => {
  let admin: Browser;
  let support: Browser;
  let finance: Browser;

  beforeEach(async () => {
    await resetDatabase();
    [admin, support, finance] = await Promise.all([signedIn(await createStaff('admin')), signedIn(await createStaff('support')), signedIn(await createStaff('finance'))]);
  });

  describe('orders', () => {
    it('when support opens approve (GET), then the record is shown and nothing changes; when they post it, then the order is approved and audited', async () => {
      const order = await createOrder({}, 'pendingReview');
      const shown = await apiAction(support, 'orders', 'approve', { recordId: order.id });
      expect(shown.body.record?.params.status).to.equal('pending_review');
      expect(shown.body.notice).to.equal(undefined);
      expect((await Order.findByPk(order.id))!.status).to.equal('pending_review');

      const res = await apiAction(support, 'orders', 'approve', { recordId: order.id, payload: {} });
      expect(res.body.notice).to.deep.equal({ message: 'orderApproved', type: 'success' });
      expect(res.body.record?.params.status).to.equal('approved');
      expect((await Order.findByPk(order.id))!.status).to.equal('approved');
      const audit = await AuditLog.findOne({ where: { action: 'order.approved', entityId: String(order.id) } });
      expect(audit?.actorType).to.equal('staff');
    });

    it('when finance tries to approve an order, then it is refused and the order stays in review', async () => {
      const order = await createOrder({}, 'pendingReview');
      expectForbidden(await apiAction(finance, 'orders', 'approve', { recordId: order.id, payload: {} }));
      expect((await Order.findByPk(order.id))!.status).to.equal('pending_review');
      expect(await AuditLog.count({ where: { action: 'order.approved' } })).to.equal(0);
    });

    it('when support rejects without a reason, then nothing changes; with a reason, then the order is rejected', async () => {
      const order = await createOrder({}, 'pendingReview');
      const missing = await apiAction(support, 'orders', 'reject', { recordId: order.id, payload: { reason: ' ' } });
      expect(missing.body.notice?.type).to.equal('error');
      expect(missing.body.notice?.message).to.match(/^invalidActionInput: reason/);
      expect((await Order.findByPk(order.id))!.status).to.equal('pending_review');

      const res = await apiAction(support, 'orders', 'reject', { recordId: order.id, payload: { reason: 'Address does not match card' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const saved = (await Order.findByPk(order.id))!;
      expect(saved.status).to.equal('rejected');
      expect(saved.rejectionReason).to.equal('Address does not match card');
    });

    it('when the order is no longer awaiting review, then approving answers with an error notice, not a 500', async () => {
      const order = await createOrder({}, 'completed');
      const res = await apiAction(admin, 'orders', 'approve', { recordId: order.id, payload: {} });
      expect(res.status).to.equal(200);
      expect(res.body.notice).to.deep.equal({ message: 'actionNotApplicable', type: 'error' });
      expect((await Order.findByPk(order.id))!.status).to.equal('completed');
    });
  });

  describe('invoices', () => {
    it('when finance voids an open invoice with a reason, then it is void with a credit note', async () => {
      const invoice = await createInvoice({}, 'open');
      const res = await apiAction(finance, 'invoices', 'void', { recordId: invoice.id, payload: { reason: 'Billed in error' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const saved = (await Invoice.findByPk(invoice.id))!;
      expect(saved.status).to.equal('void');
      expect(saved.voidReason).to.equal('Billed in error');
      const note = await CreditNote.findOne({ where: { invoiceId: invoice.id } });
      expect(note?.kind).to.equal('void');
      expect(await AuditLog.count({ where: { action: 'invoice.voided', entityId: String(invoice.id) } })).to.equal(1);
    });

    it('when support tries to void an invoice, then it is refused and nothing changes', async () => {
      const invoice = await createInvoice({}, 'open');
      expectForbidden(await apiAction(support, 'invoices', 'void', { recordId: invoice.id, payload: { reason: 'Billed in error' } }));
      expect((await Invoice.findByPk(invoice.id))!.status).to.equal('open');
      expect(await CreditNote.count({ where: { invoiceId: invoice.id } })).to.equal(0);
    });

    it('when finance records a bank transfer for the full amount, then the invoice is paid (and posting it again records nothing more)', async () => {
      const invoice = await createInvoice({}, 'open');
      const payload = { amount: '10.00', reference: 'STMT-2026-0042', receivedOn: clock.now().toISOString().slice(0, 10) };
      const res = await apiAction(finance, 'invoices', 'recordBankTransfer', { recordId: invoice.id, payload });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      expect((await Invoice.findByPk(invoice.id))!.status).to.equal('paid');
      const again = await apiAction(admin, 'invoices', 'recordBankTransfer', { recordId: invoice.id, payload });
      expect(again.body.notice).to.deep.equal({ message: 'actionNotApplicable', type: 'error' });
      expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'payment', gateway: 'bank_transfer' } })).to.equal(1);
    });

    it('when the bank transfer amount is not a decimal, then nothing is recorded', async () => {
      const invoice = await createInvoice({}, 'open');
      const res = await apiAction(finance, 'invoices', 'recordBankTransfer', { recordId: invoice.id, payload: { amount: '10,00', reference: 'X1', receivedOn: '2020-01-01' } });
      expect(res.body.notice?.message).to.match(/^invalidActionInput: amount/);
      expect((await Invoice.findByPk(invoice.id))!.status).to.equal('open');
    });

    it('when finance issues a draft, then it is open with a number', async () => {
      const invoice = await createInvoice({}, 'draft');
      const res = await apiAction(finance, 'invoices', 'issue', { recordId: invoice.id, payload: {} });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const saved = (await Invoice.findByPk(invoice.id))!;
      expect(saved.status).to.equal('open');
      expect(saved.number).to.be.a('string').and.not.equal('');
    });

    it('when finance refunds part of a paid invoice to credit, then a refund credit note to credit is issued, an empty amount refunds the rest; more than was paid is refused with a notice', async () => {
      const invoice = await createInvoice({}, 'paid');
      const tooMuch = await apiAction(finance, 'invoices', 'refundToCredit', { recordId: invoice.id, payload: { reason: 'Goodwill', amount: '50.00' } });
      expect(tooMuch.status).to.equal(200);
      expect(tooMuch.body.notice?.type).to.equal('error');
      expect(tooMuch.body.notice?.message).to.match(/At most/);
      expect(await CreditNote.count({ where: { invoiceId: invoice.id, kind: 'refund' } })).to.equal(0);
      const res = await apiAction(finance, 'invoices', 'refundToCredit', { recordId: invoice.id, payload: { reason: 'Goodwill', amount: '4.00' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const note = await CreditNote.findOne({ where: { invoiceId: invoice.id, kind: 'refund' } });
      expect(note?.refundTo).to.equal('credit');
      expect(note?.totalMinor).to.equal(400);
      const rest = await apiAction(finance, 'invoices', 'refundToCredit', { recordId: invoice.id, payload: { reason: 'Goodwill', amount: '' } });
      expect(rest.body.notice?.type, rest.body.notice?.message).to.equal('success');
      expect(await CreditNote.sum('totalMinor', { where: { invoiceId: invoice.id, kind: 'refund' } })).to.equal(1000);
    });
  });

  describe('services and subscriptions', () => {
    it('when support suspends an active service, then a suspend task is queued and audited', async () => {
      const service = await createService({}, 'active');
      const res = await apiAction(support, 'services', 'suspend', { recordId: service.id, payload: { reason: 'Abuse report #1234' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const task = await ProvisioningTask.findOne({ where: { serviceId: service.id, action: 'suspend' } });
      expect(task?.status).to.equal('pending');
      expect(await AuditLog.count({ where: { action: 'service.suspend_requested', entityId: String(service.id) } })).to.equal(1);
    });

    it('when support tries to terminate a service, then it is refused; the admin may', async () => {
      const service = await createService({}, 'active');
      expectForbidden(await apiAction(support, 'services', 'terminate', { recordId: service.id, payload: { reason: 'Customer asked' } }));
      expect(await ProvisioningTask.count({ where: { serviceId: service.id } })).to.equal(0);
      const res = await apiAction(admin, 'services', 'terminate', { recordId: service.id, payload: { reason: 'Customer asked' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      expect(await ProvisioningTask.count({ where: { serviceId: service.id, action: 'terminate' } })).to.equal(1);
    });

    it('when support cancels a subscription at period end, then it is flagged and keeps running', async () => {
      const subscription = await createSubscription({}, 'active');
      const res = await apiAction(support, 'subscriptions', 'cancelAtPeriodEnd', { recordId: subscription.id, payload: { reason: 'Moving to another provider' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const saved = (await Subscription.findByPk(subscription.id))!;
      expect(saved.cancelAtPeriodEnd).to.equal(true);
      expect(saved.status).to.equal('active');
    });
  });
});
