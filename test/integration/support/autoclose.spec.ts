import { expect } from 'chai';
import { ticketsAutocloseJob } from '../../../src/jobs/tickets-autoclose.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { logger } from '../../../src/lib/logger.js';
import { MailOutbox, Notification, Ticket, TicketReply } from '../../../src/models/index.js';
import { setSetting } from '../../../src/settings/index.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { restoreConfig, useConfig } from '../notify/helpers.js';
import { customerCtx, staffCtx, tempDataDir } from './helpers.js';

const DAY = 24 * 60 * 60_000;

describe('support: tickets:autoclose', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await resetDatabase();
    useConfig({ smtpUrl: undefined, dataDir: tempDataDir() });
  });
  afterEach(restoreConfig);

  /** A ticket answered by staff at 2025-03-01 10:00 (awaiting the customer since then). */
  async function answered(subject = 'Cannot reach panel') {
    clock.set('2025-03-01T09:00:00Z');
    const customer = await createCustomer({ user: { firstName: 'Ada' } });
    const staff = await createStaff('support', { firstName: 'Sam' });
    const department = await createDepartment();
    const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject, message: 'It times out.' }, customerCtx(customer));
    clock.set('2025-03-01T10:00:00Z');
    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Please try again now.' }, staffCtx(staff));
    return { customer, staff, ticket };
  }

  const run = (at: string) => ticketsAutocloseJob.run(systemCtx({ now: new Date(at) }), logger());
  const closedMails = () => MailOutbox.findAll({ where: { template: 'ticket-closed' } });

  it('when a ticket has waited 7 days for the customer, then it is closed with a system message and one ticket-closed mail, and a second run changes nothing', async () => {
    const { ticket, customer } = await answered();
    const first = await run('2025-03-08T10:00:00Z');
    expect(first).to.deep.include({ processed: 1, failed: 0 });
    expect(first.details).to.deep.equal({ closed: 1, days: 7 });

    const saved = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
    expect(saved.status).to.equal('closed');
    expect(saved.closedAt?.toISOString()).to.equal('2025-03-08T10:00:00.000Z');
    const note = await TicketReply.findOne({ where: { ticketId: ticket.id, authorKind: 'system' }, rejectOnEmpty: true });
    expect(note.internal).to.equal(false);
    expect(note.body).to.equal('This ticket was closed automatically after 7 days without an answer. Reply to reopen it.');
    const [mail, ...more] = await closedMails();
    expect(more).to.have.length(0);
    expect(mail!.toAddress).to.equal(customer.user!.email);
    expect(mail!.text).to.contain('is now closed because we had no answer from you for 7 days');
    expect(await Notification.count({ where: { type: 'ticket.closed', userId: customer.userId } })).to.equal(1);

    const second = await run('2025-03-08T11:00:00Z');
    expect(second.details).to.deep.equal({ closed: 0, days: 7 });
    expect(await TicketReply.count({ where: { ticketId: ticket.id, authorKind: 'system' } })).to.equal(1);
    expect(await closedMails()).to.have.length(1);
  });

  it('when two workers run it at the same moment, then the ticket is closed once with one note and one mail', async () => {
    const { ticket } = await answered();
    const ctx = systemCtx({ now: new Date('2025-03-09T00:00:00Z') });
    const results = await Promise.all([ticketsAutocloseJob.run(ctx, logger()), ticketsAutocloseJob.run({ ...ctx, requestId: 'second' }, logger())]);
    expect(results.map((r) => r.failed)).to.deep.equal([0, 0]);
    expect(results.reduce((n, r) => n + Number(r.details?.closed), 0)).to.equal(1);
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('closed');
    expect(await TicketReply.count({ where: { ticketId: ticket.id, authorKind: 'system' } })).to.equal(1);
    expect(await closedMails()).to.have.length(1);
  });

  it('when the wait is shorter than the setting, or the customer answered, then the ticket stays open', async () => {
    const { ticket } = await answered('Waiting six days');
    const other = await answered('Customer answered');
    clock.set('2025-03-02T10:00:00Z');
    await replyToTicket({ ticket: other.ticket.id, author: { kind: 'customer', customerId: other.customer.id, userId: other.customer.userId }, body: 'Still broken.' }, customerCtx(other.customer));

    expect((await run('2025-03-08T09:59:00Z')).details).to.deep.equal({ closed: 0, days: 7 });
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('awaiting_customer');
    expect((await run('2025-03-20T00:00:00Z')).details).to.deep.equal({ closed: 1, days: 7 });
    expect((await Ticket.findByPk(other.ticket.id, { rejectOnEmpty: true })).status).to.equal('awaiting_staff');
    expect(await closedMails()).to.have.length(1);
  });

  it('when support.auto_close_days is set to 3, then tickets close after 3 days; set to 0, then never', async () => {
    const { ticket } = await answered();
    await setSetting('support.auto_close_days', 0, systemCtx());
    expect((await run('2025-04-01T00:00:00Z')).details).to.deep.equal({ disabled: true });
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('awaiting_customer');

    await setSetting('support.auto_close_days', 3, systemCtx());
    expect((await run(new Date(Date.parse('2025-03-01T10:00:00Z') + 3 * DAY).toISOString())).details).to.deep.equal({ closed: 1, days: 3 });
    const note = await TicketReply.findOne({ where: { ticketId: ticket.id, authorKind: 'system' }, rejectOnEmpty: true });
    expect(note.body).to.contain('after 3 days');
  });

  it('when the customer answers an auto-closed ticket, then it is open again for staff', async () => {
    const { ticket, customer } = await answered();
    await run('2025-03-09T00:00:00Z');
    clock.set('2025-03-10T00:00:00Z');
    await replyToTicket({ ticket: ticket.id, author: { kind: 'customer', customerId: customer.id, userId: customer.userId }, body: 'Sorry, was away: still broken.' }, customerCtx(customer));
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('awaiting_staff');
  });
});
