import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, MailOutbox, Notification, OutboxMessage, Ticket, TicketReply } from '../../../src/models/index.js';
import { applyCannedResponse, listCannedResponses, saveCannedResponse } from '../../../src/support/canned-responses.js';
import { assignTicket } from '../../../src/support/assign-ticket.js';
import { changeTicketPriority } from '../../../src/support/change-ticket-priority.js';
import { changeTicketStatus } from '../../../src/support/change-ticket-status.js';
import { closeTicket, reopenTicket } from '../../../src/support/close-ticket.js';
import { loadTicketThread } from '../../../src/support/load-ticket-thread.js';
import { mergeTickets } from '../../../src/support/merge-tickets.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { parseReplyAddress, verifyReplyMac } from '../../../src/support/reply-address.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { ticketSla } from '../../../src/support/ticket-sla.js';
import { createService } from '../../factories/commerce.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { restoreConfig, useConfig } from '../notify/helpers.js';
import { codeOf, customerCtx, staffCtx, tempDataDir } from './helpers.js';

describe('support: tickets', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await resetDatabase();
    useConfig({ smtpUrl: undefined, dataDir: tempDataDir() });
  });
  afterEach(restoreConfig);

  async function scene() {
    const customer = await createCustomer({ user: { firstName: 'Ada' } });
    const department = await createDepartment({ name: 'Technical', email: 'tech@support.example.test' });
    const agent = await createStaff('support', { firstName: 'Sam' });
    const admin = await createStaff('admin');
    const service = await createService({ customer });
    const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, serviceId: service.id, priority: 'high', subject: '  Server   down ', message: 'It stopped answering.\r\n\r\nPlease help.' }, customerCtx(customer));
    return { customer, department, agent, admin, service, ticket };
  }

  it('when a customer opens a ticket, then it is numbered, confirmed by mail with a signed reply address, and support is told', async () => {
    const { customer, ticket, agent, admin } = await scene();
    expect(ticket.number).to.equal('T-000001');
    expect(ticket.subject).to.equal('Server down');
    expect([ticket.status, ticket.priority, ticket.lastReplyBy]).to.deep.equal(['open', 'high', 'customer']);
    const [mail] = await MailOutbox.findAll();
    expect(mail!.template).to.equal('ticket-opened');
    expect(mail!.toAddress).to.equal(customer.user!.email);
    expect(mail!.subject).to.equal('[T-000001] Server down');
    expect(mail!.text).to.contain('It stopped answering.\n\nPlease help.');
    const token = parseReplyAddress(mail!.replyTo!);
    expect(mail!.replyTo).to.match(/^reply\+\d+\.[0-9a-f]{32}@support\.example\.test$/);
    expect(token?.ticketId).to.equal(ticket.id);
    expect(verifyReplyMac(ticket, token!.mac)).to.equal(true);
    expect((mail!.context as Record<string, unknown>).mailThread).to.match(/^<ticket\.T-000001@/);
    const opened = await Notification.findAll({ where: { type: 'ticket.opened' } });
    expect(opened.map((n) => n.userId).sort()).to.deep.equal([customer.userId, agent.id, admin.id].sort());
    expect(opened.find((n) => n.userId === agent.id)?.url).to.equal(`/admin/resources/tickets/records/${ticket.id}/show`);
    expect(opened.find((n) => n.userId === customer.userId)?.url).to.equal('/account/tickets/T-000001');
    expect(await OutboxMessage.count({ where: { channel: 'discord', topic: 'support' } })).to.equal(1);
  });

  it("when the related service is another customer's, or the department is inactive, then the ticket is refused", async () => {
    const { customer, department } = await scene();
    const foreign = await createService();
    const base = { customerId: customer.id, departmentId: department.id, subject: 'Help', message: 'Please' };
    expect(await codeOf(openTicket({ ...base, serviceId: foreign.id }, customerCtx(customer)))).to.equal('service_invalid');
    const closed = await createDepartment({ active: false });
    expect(await codeOf(openTicket({ ...base, departmentId: closed.id }, customerCtx(customer)))).to.equal('department_invalid');
  });

  it('when staff and customer reply, then the status follows, the first response is stamped and each side is told', async () => {
    clock.set('2025-03-01T10:00:00Z');
    const { customer, agent, ticket } = await scene();
    clock.set('2025-03-01T10:30:00Z');
    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: agent.id }, body: 'We rebooted the host.' }, staffCtx(agent));
    let fresh = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
    expect([fresh.status, fresh.lastReplyBy]).to.deep.equal(['awaiting_customer', 'staff']);
    expect(fresh.firstResponseAt?.toISOString()).to.equal(clock.now().toISOString());
    expect(ticketSla(fresh).state).to.equal('met');
    const replied = await MailOutbox.findOne({ where: { template: 'ticket-replied' }, rejectOnEmpty: true });
    expect(replied.subject).to.equal('Re: [T-000001] Server down');
    expect(replied.text).to.contain('Sam replied').and.contain('We rebooted the host.');

    clock.advance(60_000);
    await replyToTicket({ ticket: ticket.number, author: { kind: 'customer', customerId: customer.id, userId: customer.userId }, body: 'Works now, thanks' }, customerCtx(customer));
    fresh = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
    expect(fresh.status).to.equal('awaiting_staff');
    expect(fresh.firstResponseAt?.getTime(), 'unchanged').to.equal(ticket.createdAt.getTime() + 30 * 60_000);
    expect(await Notification.count({ where: { type: 'ticket.customer_replied' } })).to.be.greaterThan(0);
    expect(await AuditLog.count({ where: { action: 'ticket.replied', actorId: agent.id } })).to.equal(1);
  });

  it('when staff write an internal note, then the customer never sees or receives it and the status stays', async () => {
    const { customer, agent, ticket } = await scene();
    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: agent.id }, body: 'INTERNAL: customer owes us money', internal: true }, staffCtx(agent));
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('open');
    const mails = await MailOutbox.findAll();
    expect(mails.map((m) => m.template).sort(), 'the customer gets only the opening confirmation; staff their alerts').to.deep.equal(['ticket-opened', 'ticket-staff-alert', 'ticket-staff-alert']);
    expect(JSON.stringify(mails.map((m) => m.get({ plain: true })))).to.not.contain('INTERNAL');
    expect(JSON.stringify(await Notification.findAll({ where: { userId: customer.userId } }))).to.not.contain('INTERNAL');
    const customerView = await loadTicketThread({ id: ticket.id }, { kind: 'customer', customerId: customer.id });
    expect(customerView.messages.map((m) => m.body).join()).to.not.contain('INTERNAL');
    const staffView = await loadTicketThread({ id: ticket.id }, { kind: 'staff' });
    expect(staffView.messages.find((m) => m.internal)?.body).to.equal('INTERNAL: customer owes us money');
    expect(await codeOf(replyToTicket({ ticket: ticket.id, author: { kind: 'customer', customerId: customer.id, userId: customer.userId }, body: 'x', internal: true }, customerCtx(customer)))).to.equal('internal_note_forbidden');
  });

  it("when a customer names another customer's ticket, then it is not found", async () => {
    const { ticket } = await scene();
    const stranger = await createCustomer();
    expect(await codeOf(replyToTicket({ ticket: ticket.id, author: { kind: 'customer', customerId: stranger.id, userId: stranger.userId }, body: 'hi' }, customerCtx(stranger)))).to.equal('ticket_not_found');
    expect(await codeOf(closeTicket(ticket.number, { kind: 'customer', customerId: stranger.id }, customerCtx(stranger)))).to.equal('ticket_not_found');
    expect(await codeOf(loadTicketThread({ id: ticket.id }, { kind: 'customer', customerId: stranger.id }))).to.equal('ticket_not_found');
  });

  it('when staff close a ticket, then the customer is mailed; a customer closing or reopening their own is not', async () => {
    const { customer, agent, ticket } = await scene();
    await closeTicket(ticket.id, { kind: 'customer', customerId: customer.id }, customerCtx(customer));
    expect(await MailOutbox.count({ where: { template: 'ticket-closed' } })).to.equal(0);
    const reopened = await reopenTicket(ticket.number, { kind: 'customer', customerId: customer.id }, customerCtx(customer));
    expect(reopened.status).to.equal('awaiting_staff');
    const closed = await closeTicket(ticket.id, { kind: 'staff' }, staffCtx(agent));
    expect(closed.status).to.equal('closed');
    expect(closed.closedAt).to.be.instanceOf(Date);
    expect(await MailOutbox.count({ where: { template: 'ticket-closed' } })).to.equal(1);
    await replyToTicket({ ticket: ticket.id, author: { kind: 'customer', customerId: customer.id, userId: customer.userId }, body: 'Broken again' }, customerCtx(customer));
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status, 'a reply reopens').to.equal('awaiting_staff');
  });

  it('when staff assign, reprioritise or set the status, then it is audited, the assignee is told, and customers cannot', async () => {
    const { customer, agent, admin, ticket } = await scene();
    await assignTicket(ticket.id, agent.id, staffCtx(admin));
    await changeTicketPriority(ticket.id, 'urgent', staffCtx(admin));
    await changeTicketStatus(ticket.id, 'awaiting_customer', staffCtx(admin));
    const fresh = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
    expect([fresh.assigneeId, fresh.priority, fresh.status]).to.deep.equal([agent.id, 'urgent', 'awaiting_customer']);
    expect((await AuditLog.findAll({ where: { entityType: 'ticket' }, order: [['id', 'ASC']] })).map((a) => a.action)).to.deep.equal(['ticket.assigned', 'ticket.priority_changed', 'ticket.status_changed']);
    expect(await Notification.count({ where: { userId: agent.id, type: 'ticket.assigned' } })).to.equal(1);
    expect(await codeOf(assignTicket(ticket.id, customer.userId, staffCtx(admin)))).to.equal('assignee_invalid');
    expect(await codeOf(changeTicketPriority(ticket.id, 'low', customerCtx(customer)))).to.equal('staff_only');
  });

  it('when two tickets are merged, then the messages move, the source points at the target and replies to it land there', async () => {
    const { customer, department, admin, ticket } = await scene();
    const second = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Also slow', message: 'And it is slow' }, customerCtx(customer));
    await mergeTickets({ source: second.id, target: ticket.id }, staffCtx(admin));
    const source = await Ticket.findByPk(second.id, { rejectOnEmpty: true });
    expect([source.status, source.mergedIntoId]).to.deep.equal(['closed', ticket.id]);
    const thread = await loadTicketThread({ id: ticket.id }, { kind: 'customer', customerId: customer.id });
    expect(thread.messages.map((m) => m.body)).to.include.members(['And it is slow', 'Ticket T-000002 (Also slow) was merged into this ticket.']);
    const { ticket: landed } = await replyToTicket({ ticket: second.id, author: { kind: 'customer', customerId: customer.id, userId: customer.userId }, body: 'Late reply' }, customerCtx(customer));
    expect(landed.id).to.equal(ticket.id);
    expect(await TicketReply.count({ where: { ticketId: second.id } })).to.equal(0);
    const other = await openTicket({ customerId: (await createCustomer()).id, departmentId: department.id, subject: 'x', message: 'y' }, customerCtx(customer));
    expect(await codeOf(mergeTickets({ source: other.id, target: ticket.id }, staffCtx(admin)))).to.equal('merge_other_customer');
  });

  it('when the first response is late, then the SLA helper says so by priority', () => {
    const opened = new Date('2025-03-01T10:00:00Z');
    expect(ticketSla({ priority: 'urgent', createdAt: opened, firstResponseAt: null }, new Date('2025-03-01T10:50:00Z'))).to.include({ state: 'at_risk', minutesLeft: 10 });
    expect(ticketSla({ priority: 'urgent', createdAt: opened, firstResponseAt: null }, new Date('2025-03-01T11:30:00Z')).state).to.equal('breached');
    expect(ticketSla({ priority: 'low', createdAt: opened, firstResponseAt: null }, new Date('2025-03-01T11:30:00Z')).state).to.equal('pending');
    expect(ticketSla({ priority: 'high', createdAt: opened, firstResponseAt: new Date('2025-03-01T15:00:00Z') })).to.include({ state: 'breached', firstResponseMinutes: 300 });
  });

  it('when staff keep canned responses, then a department sees its own and the shared ones, filled in for the ticket', async () => {
    const { department, agent, ticket } = await scene();
    await saveCannedResponse({ title: 'Reboot', body: 'Hi {customer_name}, we rebooted {ticket_number}. {agent_name}', departmentId: department.id }, staffCtx(agent));
    await saveCannedResponse({ title: 'Anything else?', body: 'Anything else?' }, staffCtx(agent));
    await saveCannedResponse({ title: 'Billing only', body: 'x', departmentId: (await createDepartment()).id }, staffCtx(agent));
    const list = await listCannedResponses(department.id);
    expect(list.map((c) => c.title)).to.deep.equal(['Anything else?', 'Reboot']);
    expect(await applyCannedResponse(list[1]!.id, ticket.id, staffCtx(agent))).to.equal('Hi Ada, we rebooted T-000001. Sam');
  });
});
