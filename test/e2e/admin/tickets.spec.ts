import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, CannedResponse, Customer, MailOutbox, Ticket, TicketAttachment, TicketReply, type User } from '../../../src/models/index.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { createInvoice } from '../../factories/billing.js';
import { createService } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { createDepartment, createTicket } from '../../factories/support.js';
import { restoreConfig, useConfig } from '../../integration/notify/helpers.js';
import { FILES, staffCtx, tempDataDir } from '../../integration/support/helpers.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, expectForbidden, signedIn, type Browser } from './support.js';

interface DeskBody {
  desk?: {
    ticket: { id: number; status: string; priority: string; assigneeId: number | null };
    sla: { state: string; minutesLeft: number | null };
    messages: Array<{ body: string; internal: boolean; authorKind: string; attachments: Array<{ id: number; name: string }> }>;
    customer: { email: string };
    services: Array<{ reference: string }>;
    invoices: Array<{ number: string; total: string }>;
    canned: Array<{ id: number; title: string }>;
    assignees: Array<{ id: number }>;
    mergeTargets: Array<{ number: string }>;
  };
  cannedText?: string;
  notice?: { message: string; type: string };
}

describe('back office: tickets', function () {
  this.timeout(60_000);
  let adminUser: User;
  let supportUser: User;
  let admin: Browser;
  let support: Browser;
  let finance: Browser;

  beforeEach(async () => {
    await resetDatabase();
    useConfig({ dataDir: tempDataDir() });
    [adminUser, supportUser] = await Promise.all([createStaff('admin'), createStaff('support')]);
    [admin, support, finance] = await Promise.all([signedIn(adminUser), signedIn(supportUser), signedIn(await createStaff('finance'))]);
  });
  afterEach(restoreConfig);

  const desk = async (agent: Browser, id: number, payload?: Record<string, string>) => {
    const res = await apiAction(agent, 'tickets', 'desk', { recordId: id, ...(payload ? { payload } : {}) });
    return { ...res, desk: res.body as unknown as DeskBody };
  };

  describe('the queue', () => {
    it('when support lists tickets, then each shows the time to first response against its SLA', async () => {
      const now = Date.now();
      clock.set(new Date(now));
      const waiting = await createTicket({ subject: 'Waiting', createdAt: new Date(now - 90 * 60_000 + 30_000) }, 'urgent');
      const answered = await createTicket({ subject: 'Answered', createdAt: new Date(now) }, 'awaitingCustomer');
      const { body } = await apiAction(support, 'tickets', 'list', { query: { perPage: '50' } });
      const byId = new Map(body.records!.map((r) => [Number(r.id), r.params]));
      expect(byId.get(waiting.id)).to.include({ firstResponse: 'overdue by 30m', slaState: 'breached' });
      expect(byId.get(answered.id)).to.include({ firstResponse: 'answered in 1m', slaState: 'met' });
      expect(byId.get(waiting.id)).to.not.have.property('replyTokenNonce');
      const owner = await Customer.findByPk(waiting.customerId, { include: ['user'], rejectOnEmpty: true });
      expect(byId.get(waiting.id)?.customerName).to.equal(owner.user!.fullName);
    });

    it('when support filters by department, status, priority, assignee and customer, then only matching tickets are listed', async () => {
      const department = await createDepartment();
      const customer = await createCustomer();
      const mine = await createTicket({ department, customer, assignee: supportUser }, 'high', 'awaitingStaff');
      await createTicket({ customer }, 'high', 'awaitingStaff');
      await createTicket({ department }, 'low');
      const filters = { 'filters.departmentId': String(department.id), 'filters.status': 'awaiting_staff', 'filters.priority': 'high', 'filters.assigneeId': String(supportUser.id), 'filters.customerId': String(customer.id) };
      for (const [key, value] of Object.entries(filters)) {
        const { body } = await apiAction(support, 'tickets', 'list', { query: { [key]: value } });
        expect(body.records!.map((r) => Number(r.id)), key).to.include(mine.id);
      }
      const { body } = await apiAction(support, 'tickets', 'list', { query: filters });
      expect(body.records!.map((r) => Number(r.id))).to.deep.equal([mine.id]);
    });

    it('when finance opens the queue, departments or canned responses, then it is refused', async () => {
      await createTicket();
      expectForbidden(await apiAction(finance, 'tickets', 'list'));
      expectForbidden(await apiAction(finance, 'ticket_departments', 'list'));
      expectForbidden(await apiAction(finance, 'canned_responses', 'list'));
    });

    it('when support adds a canned response, then the ticket page offers it', async () => {
      const ticket = await createTicket();
      const res = await apiAction(support, 'canned_responses', 'new', { payload: { title: 'Disk full', body: 'Hi {customer_name}, please free some space.', active: 'true' } });
      expect(res.body.notice?.type, res.body.notice?.message).to.equal('success');
      const page = await desk(support, ticket.id);
      expect(page.desk.desk!.canned.map((c) => c.title)).to.deep.equal(['Disk full']);
    });
  });

  describe('the ticket page', () => {
    async function scene() {
      const customer = await createCustomer({ user: { firstName: 'Ada' } });
      const department = await createDepartment();
      const service = await createService({ customer });
      const invoice = await createInvoice({ customer }, 'open');
      const ticket = await createTicket({ customer, department }, 'withInternalNote');
      const other = await createTicket({ customer, department, subject: 'Second question' });
      const canned = await CannedResponse.create({ title: 'Reboot', body: 'Hello {customer_name}, we rebooted {ticket_number}.', departmentId: null });
      return { customer, department, service, invoice, ticket, other, canned };
    }

    it('when support opens a ticket, then the thread (internal notes marked), the SLA, and the customer\'s services and invoices are shown', async () => {
      const { ticket, customer, service, invoice, other, canned } = await scene();
      await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: supportUser.id }, body: 'Log attached', internal: true, attachments: [{ filename: 'boot.log', bytes: FILES.text }] }, staffCtx(supportUser));
      const { status, desk: body } = await desk(support, ticket.id);
      expect(status).to.equal(200);
      const d = body.desk!;
      expect(d.messages.map((m) => [m.authorKind, m.internal])).to.deep.equal([['customer', false], ['staff', true], ['staff', true]]);
      expect(d.messages.filter((m) => m.internal).map((m) => m.body)).to.have.members(['Checked the host: disk is fine.', 'Log attached']);
      const withFile = d.messages.find((m) => m.body === 'Log attached')!;
      expect(withFile.attachments.map((a) => a.name)).to.deep.equal(['boot.log']);
      expect(d.sla.state).to.be.oneOf(['pending', 'at_risk', 'breached']);
      expect(d.customer.email).to.equal(customer.user!.email);
      expect(d.services.map((s) => s.reference)).to.deep.equal([service.reference]);
      expect(d.invoices.map((i) => i.number)).to.deep.equal([invoice.number]);
      expect(d.canned.map((c) => c.id)).to.deep.equal([canned.id]);
      expect(d.mergeTargets.map((t) => t.number)).to.deep.equal([other.number]);
      expect(d.assignees.map((a) => a.id)).to.include.members([adminUser.id, supportUser.id]);

      const file = await support.get(`/admin/tickets/attachments/${withFile.attachments[0]!.id}`);
      expect(file.status).to.equal(200);
      expect(file.headers['content-disposition']).to.match(/^attachment; filename="boot\.log"/);
      expect(file.headers['x-content-type-options']).to.equal('nosniff');
      expect(Buffer.from(file.text ?? file.body).toString()).to.equal(FILES.text.toString());
    });

    it('when support replies with a canned response, then the text is filled in, the reply is posted and mailed, and the ticket awaits the customer', async () => {
      const { ticket, canned, customer } = await scene();
      const filled = await desk(support, ticket.id, { op: 'canned', cannedId: String(canned.id) });
      expect(filled.desk.cannedText).to.equal(`Hello Ada, we rebooted ${ticket.number}.`);
      expect(await TicketReply.count({ where: { ticketId: ticket.id } })).to.equal(2);

      const sent = await desk(support, ticket.id, { op: 'reply', body: filled.desk.cannedText! });
      expect(sent.desk.notice).to.deep.equal({ message: 'Reply sent to the customer', type: 'success' });
      expect(sent.desk.desk!.ticket.status).to.equal('awaiting_customer');
      const reply = await TicketReply.findOne({ where: { ticketId: ticket.id, internal: false, authorKind: 'staff' }, rejectOnEmpty: true });
      expect([reply.authorId, reply.body]).to.deep.equal([supportUser.id, `Hello Ada, we rebooted ${ticket.number}.`]);
      const mail = await MailOutbox.findOne({ where: { template: 'ticket-replied' }, rejectOnEmpty: true });
      expect(mail.toAddress).to.equal(customer.user!.email);
      expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).firstResponseAt).to.not.equal(null);
    });

    it('when support adds an internal note, then it is marked internal and nothing is mailed to the customer', async () => {
      const { ticket } = await scene();
      const res = await desk(support, ticket.id, { op: 'note', body: 'Customer is on node 7' });
      expect(res.desk.notice?.type).to.equal('success');
      const note = res.desk.desk!.messages.find((m) => m.body === 'Customer is on node 7');
      expect(note?.internal).to.equal(true);
      expect(await MailOutbox.count({ where: { template: 'ticket-replied' } })).to.equal(0);
      expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('open');
    });

    it('when support changes status, priority and assignee, then each is saved and audited', async () => {
      const { ticket } = await scene();
      expect((await desk(support, ticket.id, { op: 'priority', priority: 'urgent' })).desk.desk!.ticket.priority).to.equal('urgent');
      expect((await desk(support, ticket.id, { op: 'assign', assigneeId: String(adminUser.id) })).desk.desk!.ticket.assigneeId).to.equal(adminUser.id);
      expect((await desk(support, ticket.id, { op: 'status', status: 'awaiting_customer' })).desk.desk!.ticket.status).to.equal('awaiting_customer');
      const saved = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
      expect([saved.priority, saved.assigneeId, saved.status]).to.deep.equal(['urgent', adminUser.id, 'awaiting_customer']);
      const actions = (await AuditLog.findAll({ where: { entityType: 'ticket', entityId: String(ticket.id) } })).map((a) => [a.action, a.actorId]);
      expect(actions).to.deep.include.members([['ticket.priority_changed', supportUser.id], ['ticket.assigned', supportUser.id], ['ticket.status_changed', supportUser.id]]);

      expect((await desk(support, ticket.id, { op: 'assign', assigneeId: '' })).desk.desk!.ticket.assigneeId).to.equal(null);
      expect((await desk(admin, ticket.id, { op: 'status', status: 'closed' })).desk.desk!.ticket.status).to.equal('closed');
      expect(await MailOutbox.count({ where: { template: 'ticket-closed' } })).to.equal(1);
    });

    it('when support merges the ticket into another of the customer, then the messages move and the answer is the target ticket', async () => {
      const { ticket, other } = await scene();
      const res = await desk(support, ticket.id, { op: 'merge', target: other.number });
      expect(res.desk.notice?.type).to.equal('success');
      expect(res.desk.desk!.ticket.id).to.equal(other.id);
      expect(await TicketReply.count({ where: { ticketId: ticket.id } })).to.equal(0);
      const source = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
      expect([source.status, source.mergedIntoId]).to.deep.equal(['closed', other.id]);
    });

    it('when the input is invalid or the operation refuses, then an error notice comes back and nothing changes', async () => {
      const { ticket } = await scene();
      const stranger = await createTicket({ subject: 'Another customer' });
      const empty = await desk(support, ticket.id, { op: 'reply', body: '   ' });
      expect(empty.desk.notice).to.deep.equal({ message: 'invalidActionInput: body', type: 'error' });
      const bad = await desk(support, ticket.id, { op: 'priority', priority: 'whenever' });
      expect(bad.desk.notice?.message).to.equal('invalidActionInput: priority');
      const unknownOp = await desk(support, ticket.id, { op: 'delete' });
      expect(unknownOp.desk.notice?.type).to.equal('error');
      const merge = await desk(support, ticket.id, { op: 'merge', target: stranger.number });
      expect(merge.desk.notice).to.deep.equal({ message: 'Only tickets of the same customer can be merged.', type: 'error' });
      const saved = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
      expect([saved.status, saved.priority, saved.mergedIntoId]).to.deep.equal(['open', 'normal', null]);
      expect(await TicketReply.count({ where: { ticketId: ticket.id } })).to.equal(2);
    });

    it('when finance opens a ticket, replies, notes, changes it, merges it or downloads a file, then each is refused and nothing changes', async () => {
      const { ticket, other } = await scene();
      await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: supportUser.id }, body: 'file', internal: true, attachments: [{ filename: 'boot.log', bytes: FILES.text }] }, staffCtx(supportUser));
      const before = { replies: await TicketReply.count(), mails: await MailOutbox.count(), audits: await AuditLog.count({ where: { entityType: 'ticket' } }) };
      expectForbidden(await apiAction(finance, 'tickets', 'desk', { recordId: ticket.id }));
      expectForbidden(await apiAction(finance, 'tickets', 'show', { recordId: ticket.id }));
      const attempts: Array<Record<string, string>> = [
        { op: 'reply', body: 'Finance says hi' },
        { op: 'note', body: 'Finance note' },
        { op: 'status', status: 'closed' },
        { op: 'priority', priority: 'urgent' },
        { op: 'assign', assigneeId: String(supportUser.id) },
        { op: 'merge', target: other.number },
      ];
      for (const payload of attempts) {
        expectForbidden(await apiAction(finance, 'tickets', 'desk', { recordId: ticket.id, payload }));
      }
      const saved = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
      expect([saved.status, saved.priority, saved.assigneeId, saved.mergedIntoId]).to.deep.equal(['open', 'normal', null, null]);
      expect({ replies: await TicketReply.count(), mails: await MailOutbox.count(), audits: await AuditLog.count({ where: { entityType: 'ticket' } }) }).to.deep.equal(before);
      const file = await TicketAttachment.findOne({ rejectOnEmpty: true });
      const download = await finance.get(`/admin/tickets/attachments/${file.id}`);
      expect(download.status).to.equal(404);
      expect(download.text).to.not.contain('boot failed');
    });

    it('when someone who is not signed in asks for a ticket file, then they are sent to the sign-in page', async () => {
      const { ticket } = await scene();
      await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: supportUser.id }, body: 'file', attachments: [{ filename: 'boot.log', bytes: FILES.text }] }, staffCtx(supportUser));
      const file = await TicketAttachment.findOne({ rejectOnEmpty: true });
      const { default: request } = await import('supertest');
      const { adminApp } = await import('./support.js');
      const res = await request(await adminApp()).get(`/admin/tickets/attachments/${file.id}`);
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/admin/login');
    });
  });
});
