import { expect } from 'chai';
import { AdminNote, AuditLog, MailOutbox, Notification, ProvisioningTask } from '../../../src/models/index.js';
import { createInvoice, createLedgerEntry } from '../../factories/billing.js';
import { createProvisioningLog, createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer, createUser } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, expectForbidden, signedIn, type Browser } from './support.js';

interface Section {
  key: string;
  rows: Array<{ id: number; cells: string[] }>;
}

let seq = 0;
async function capturedMail(status: 'sent' | 'failed' | 'pending', attrs: Partial<{ html: string; text: string; lastError: string }> = {}): Promise<MailOutbox> {
  seq += 1;
  return MailOutbox.create({
    toAddress: `reader${seq}@example.test`,
    template: 'invoice-issued',
    subject: `Invoice INV-${seq}`,
    html: attrs.html ?? '<p>Your invoice</p>',
    text: attrs.text ?? 'Your invoice',
    status,
    attempts: status === 'failed' ? 8 : 1,
    nextAttemptAt: new Date(),
    lastError: attrs.lastError ?? (status === 'failed' ? '550 mailbox unavailable' : null),
    sentAt: status === 'sent' ? new Date() : null,
    dedupeKey: `test-mail:${seq}`,
  });
}

const idsOf = (res: { body: { records?: Array<{ id: string }> } }) => (res.body.records ?? []).map((r) => Number(r.id)).sort((a, b) => a - b);

describe('back office: customers, provisioning failures, mail and staff notifications', () => {
  let admin: Browser;
  let support: Browser;
  let finance: Browser;

  beforeEach(async () => {
    await resetDatabase();
    [admin, support, finance] = await Promise.all([signedIn(await createStaff('admin')), signedIn(await createStaff('support')), signedIn(await createStaff('finance'))]);
  });

  describe('customer search', () => {
    it('when staff filter customers by name, invoice number or service IP, then only the matching customer is listed', async () => {
      const ada = await createCustomer({ company: 'Analytical Engines', user: { firstName: 'Ada', lastName: 'Lovelace' } });
      const other = await createCustomer({ company: 'Other Co', user: { firstName: 'Grace', lastName: 'Hopper' } });
      const invoice = await createInvoice({ customer: ada }, 'open');
      await createService({ customer: ada, primaryIp: '203.0.113.77' });
      await createService({ customer: other, primaryIp: '198.51.100.9' });

      const byName = await apiAction(support, 'customers', 'list', { query: { 'filters.name': 'lovelace' } });
      expect(idsOf(byName)).to.deep.equal([ada.id]);
      const byInvoice = await apiAction(support, 'customers', 'list', { query: { 'filters.invoiceNumber': invoice.number! } });
      expect(idsOf(byInvoice)).to.deep.equal([ada.id]);
      const byIp = await apiAction(support, 'customers', 'list', { query: { 'filters.serviceIp': '203.0.113.77' } });
      expect(idsOf(byIp)).to.deep.equal([ada.id]);
      const both = await apiAction(support, 'customers', 'list', { query: { 'filters.serviceIp': '198.51.100.9', 'filters.name': 'lovelace' } });
      expect(idsOf(both)).to.deep.equal([]);
    });

    it('when staff type an invoice number or an IP into the search box, then the customer is found', async () => {
      const ada = await createCustomer({ company: 'Analytical Engines' });
      await createCustomer({ company: 'Someone Else' });
      const invoice = await createInvoice({ customer: ada }, 'open');
      await createService({ customer: ada, primaryIp: '203.0.113.78' });
      for (const term of [invoice.number!, '203.0.113.78', 'analytical']) {
        const res = await support.get(`/admin/api/resources/customers/search/${encodeURIComponent(term)}`);
        expect((res.body as { records: Array<{ id: string }> }).records.map((r) => Number(r.id)), term).to.deep.equal([ada.id]);
      }
    });
  });

  describe('customer overview', () => {
    it('when support opens a customer, then services, subscriptions, tickets, notes and the audit trail are shown, but not invoices or payments', async () => {
      const customer = await createCustomer();
      await createSubscription({ customer });
      const service = await createService({ customer, hostname: 'web-42.example.test' });
      await createTicket({ customer, subject: 'Server unreachable' });
      await AdminNote.create({ customerId: customer.id, body: 'Prefers e-mail', pinned: true });
      await createInvoice({ customer }, 'open');

      const res = await apiAction(support, 'customers', 'overview', { recordId: customer.id });
      const sections = (res.body as unknown as { sections: Section[] }).sections;
      expect(sections.map((s) => s.key)).to.deep.equal(['services', 'subscriptions', 'tickets', 'notes']);
      expect(sections[0]!.rows[0]).to.deep.include({ id: service.id });
      expect(sections[0]!.rows[0]!.cells).to.include('web-42.example.test');
      expect(sections[2]!.rows[0]!.cells).to.include('Server unreachable');
      expect(sections[3]!.rows[0]!.cells[0]).to.contain('Prefers e-mail');
    });

    it('when finance opens a customer, then invoices and payments are listed; the admin also sees the audit trail', async () => {
      const customer = await createCustomer();
      const invoice = await createInvoice({ customer }, 'paid');
      await createLedgerEntry({ customer, invoice, kind: 'payment', amountMinor: 1200, currency: invoice.currency });
      await AuditLog.create({ actorType: 'staff', action: 'customer.updated', entityType: 'customer', entityId: String(customer.id), before: { status: 'active' }, after: { status: 'suspended' }, reason: 'Chargeback' });

      const money = (await apiAction(finance, 'customers', 'overview', { recordId: customer.id })).body as unknown as { sections: Section[] };
      const keys = money.sections.map((s) => s.key);
      expect(keys).to.include.members(['invoices', 'payments']);
      expect(keys).to.not.include('audit');
      expect(money.sections.find((s) => s.key === 'invoices')!.rows[0]!.cells[0]).to.equal(invoice.number);

      const all = (await apiAction(admin, 'customers', 'overview', { recordId: customer.id })).body as unknown as { sections: Section[] };
      const audit = all.sections.find((s) => s.key === 'audit')!;
      expect(audit.rows[0]!.cells).to.include.members(['customer.updated', 'Chargeback']);
    });
  });

  describe('provisioning failures', () => {
    it('when support lists failed provisioning tasks and the logs of a service, then they see them; finance is refused', async () => {
      const service = await createService({}, 'failed');
      const task = await ProvisioningTask.create({ serviceId: service.id, action: 'create', status: 'failed', attempts: 5, lastError: 'Panel timeout', idempotencyKey: `t-${service.id}` });
      await createProvisioningLog({ service, task }, 'failed');
      await createProvisioningLog({});

      const tasks = await apiAction(support, 'provisioning_tasks', 'list', { query: { 'filters.status': 'failed' } });
      expect(idsOf(tasks)).to.deep.equal([task.id]);
      const logs = await apiAction(support, 'provisioning_logs', 'list', { query: { 'filters.serviceId': String(service.id) } });
      expect(logs.body.records).to.have.length(1);
      expect(logs.body.records![0]!.params).to.include({ success: false, error: 'Internal Server Error' });
      expectForbidden(await apiAction(finance, 'provisioning_logs', 'list'));
    });

    it('when support retries a failed service, then its task is pending again; posting twice changes nothing more', async () => {
      const service = await createService({}, 'failed');
      const task = await ProvisioningTask.create({ serviceId: service.id, action: 'create', status: 'failed', attempts: 5, lastError: 'Panel timeout', idempotencyKey: `t-${service.id}` });
      const res = await apiAction(support, 'services', 'retryProvisioning', { recordId: service.id, payload: {} });
      expect(res.body.notice, res.body.notice?.message).to.deep.equal({ message: 'provisioningRetried', type: 'success' });
      await task.reload();
      expect(task.status).to.equal('pending');
      expect(task.attempts).to.equal(0);
      await apiAction(support, 'services', 'retryProvisioning', { recordId: service.id, payload: {} });
      expect(await ProvisioningTask.count({ where: { serviceId: service.id } })).to.equal(1);
    });
  });

  describe('mail outbox', () => {
    it('when support opens a captured mail, then its HTML and text are there; permanent failures are listed with their error', async () => {
      const sent = await capturedMail('sent', { html: '<h1>Hello</h1>', text: 'Hello in text' });
      const failed = await capturedMail('failed');
      const shown = await apiAction(support, 'mail_outbox', 'show', { recordId: sent.id });
      expect(shown.body.record?.params).to.include({ html: '<h1>Hello</h1>', text: 'Hello in text' });
      const failures = await apiAction(support, 'mail_outbox', 'list', { query: { 'filters.status': 'failed' } });
      expect(idsOf(failures)).to.deep.equal([failed.id]);
      expect(failures.body.records![0]!.params.lastError).to.equal('550 mailbox unavailable');
    });

    it('when support resends a failed mail, then it is queued again (once); a sent mail is queued as one copy', async () => {
      const failed = await capturedMail('failed');
      const sent = await capturedMail('sent');
      for (let i = 0; i < 2; i++) await apiAction(support, 'mail_outbox', 'resend', { recordId: failed.id, payload: {} });
      await failed.reload();
      expect(failed.status).to.equal('pending');
      expect(failed.attempts).to.equal(0);
      expect(await AuditLog.count({ where: { action: 'mail.resent', entityId: String(failed.id) } })).to.equal(1);

      const res = await apiAction(support, 'mail_outbox', 'resend', { recordId: sent.id, payload: {} });
      expect(res.body.notice).to.deep.equal({ message: 'mailResent', type: 'success' });
      await apiAction(support, 'mail_outbox', 'resend', { recordId: sent.id, payload: {} });
      const copies = await MailOutbox.findAll({ where: { subject: sent.subject } });
      expect(copies.map((m) => m.status).sort()).to.deep.equal(['pending', 'sent']);
    });

    it('when finance tries to resend, then it is refused and the mail stays failed; pending mail cannot be resent', async () => {
      const failed = await capturedMail('failed');
      expectForbidden(await apiAction(finance, 'mail_outbox', 'resend', { recordId: failed.id, payload: {} }));
      expect((await MailOutbox.findByPk(failed.id))!.status).to.equal('failed');
      const pending = await capturedMail('pending');
      const res = await apiAction(admin, 'mail_outbox', 'resend', { recordId: pending.id, payload: {} });
      expect(res.body.notice?.type).to.equal('error');
    });
  });

  describe('staff notifications', () => {
    it('when staff list notifications, then only those addressed to staff are listed and a customer\'s cannot be opened', async () => {
      const staffMember = await createUser({}, 'support');
      const customer = await createCustomer();
      const mine = await Notification.create({ userId: staffMember.id, type: 'ticket.created', title: 'New ticket #12' });
      const theirs = await Notification.create({ userId: customer.userId, type: 'invoice.issued', title: 'New invoice' });

      const list = await apiAction(support, 'notifications', 'list');
      expect(idsOf(list)).to.deep.equal([mine.id]);
      const filtered = await apiAction(support, 'notifications', 'list', { query: { 'filters.userId': String(customer.userId) } });
      expect(idsOf(filtered)).to.deep.equal([]);
      const opened = await apiAction(support, 'notifications', 'show', { recordId: theirs.id });
      expect(opened.body.notice?.type).to.equal('error');
      expect(opened.body.record?.params ?? {}).to.not.have.property('title');
    });
  });
});
