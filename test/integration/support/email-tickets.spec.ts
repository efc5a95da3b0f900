import { expect } from 'chai';
import type { Express } from 'express';
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import request from 'supertest';
import { buildInboundEmailRouter } from '../../../portal/account/tickets/inbound-webhook.js';
import { clock } from '../../../src/lib/clock.js';
import { MailOutbox, Ticket, TicketAttachment, TicketReply } from '../../../src/models/index.js';
import { ingestInboundEmail } from '../../../src/support/inbound/ingest-inbound-email.js';
import { readStaffAnswer } from '../../../src/support/inbound/ingest-staff-reply.js';
import { inboundEmailSecret } from '../../../src/support/inbound/inbound-secret.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { staffReplyAddress } from '../../../src/support/reply-address.js';
import { createCustomer, createStaff, createUser } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { resetDatabase } from '../../support/db.js';
import { buildTestApp } from '../../support/http.js';
import { restoreConfig, runMailDelivery, useConfig } from '../notify/helpers.js';
import { codeOf, customerCtx, FILES, tempDataDir } from './helpers.js';

function rawEmail(mail: Mail.Options): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

describe('support: tickets by email', function () {
  this.timeout(60_000);
  let smtp: FakeSmtp;

  beforeEach(async () => {
    await resetDatabase();
    smtp = await startFakeSmtp();
    useConfig({ smtpUrl: smtp.url, dataDir: tempDataDir() });
  });
  afterEach(async () => {
    restoreConfig();
    await smtp.close();
  });

  describe('new tickets sent to the support address', () => {
    async function scene() {
      const customer = await createCustomer({ user: { firstName: 'Ada' } });
      const general = await createDepartment({ name: 'General', email: 'help@support.example.test', sortOrder: 1 });
      const billing = await createDepartment({ name: 'Billing', email: 'billing@support.example.test', sortOrder: 2 });
      return { customer, general, billing, email: customer.user!.email };
    }

    it("when a customer writes from their account's address, then a ticket opens in the department written to, with the allowed files, and they get the confirmation", async () => {
      const { customer, billing, email } = await scene();
      const raw = await rawEmail({
        from: `Ada <${email}>`,
        to: 'Billing <BILLING@support.example.test>',
        subject: '  Invoice   question ',
        messageId: '<new-1@client.example>',
        text: 'Why was I billed twice?\n\n-- \nAda',
        attachments: [{ filename: 'statement.pdf', content: FILES.pdf }, { filename: 'tool.exe', content: FILES.exe }],
      });
      const result = await ingestInboundEmail(raw);
      expect(result).to.deep.include({ status: 'opened', rejectedFiles: ['tool.exe'] });
      const ticket = await Ticket.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
      expect([ticket.subject, ticket.departmentId, ticket.openedVia, ticket.status]).to.deep.equal(['Invoice question', billing.id, 'email', 'open']);
      const [first] = await TicketReply.findAll({ where: { ticketId: ticket.id } });
      expect(first!.body).to.match(/^Why was I billed twice\?/);
      expect(first!.body).to.contain('(Not attached: tool.exe.');
      expect([first!.authorKind, first!.via, first!.emailMessageId]).to.deep.equal(['customer', 'email', '<new-1@client.example>']);
      expect((await TicketAttachment.findAll({ where: { ticketId: ticket.id } })).map((a) => [a.originalName, a.contentType])).to.deep.equal([['statement.pdf', 'application/pdf']]);

      await runMailDelivery();
      const [confirmation] = await smtp.waitFor(1);
      expect(confirmation!.parsed.subject).to.equal(`[${ticket.number}] Invoice question`);
      expect(confirmation!.envelope.to).to.deep.equal([email]);
    });

    it('when the email is addressed elsewhere (no department address), then the ticket opens in the first active department', async () => {
      const { customer, general, email } = await scene();
      const raw = await rawEmail({ from: email, to: 'support@other.example.test', subject: 'Hello', text: 'A question' });
      expect(await ingestInboundEmail(raw)).to.deep.include({ status: 'opened' });
      expect((await Ticket.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true })).departmentId).to.equal(general.id);
    });

    it('when the same email is piped twice, one after the other or at once, then one ticket opens', async () => {
      const { email } = await scene();
      const raw = await rawEmail({ from: email, to: 'help@support.example.test', subject: 'Twice', messageId: '<twice@client.example>', text: 'Only once please' });
      const first = await ingestInboundEmail(raw);
      const second = await ingestInboundEmail(raw);
      expect(first.status).to.equal('opened');
      expect(second).to.deep.include({ status: 'duplicate', ticketId: (first as { ticketId: number }).ticketId });

      const racing = await rawEmail({ from: email, to: 'help@support.example.test', subject: 'Racing', messageId: '<race@client.example>', text: 'At once' });
      const both = await Promise.all([ingestInboundEmail(racing), ingestInboundEmail(racing)]);
      expect(both.map((r) => r.status).sort()).to.deep.equal(['duplicate', 'opened']);
      expect(await Ticket.count()).to.equal(2);
      expect(await TicketReply.count({ where: { emailMessageId: '<race@client.example>' } })).to.equal(1);
      expect(await MailOutbox.count({ where: { template: 'ticket-opened' } })).to.equal(2);
    });

    it('when an unknown address writes, then nothing is stored and it gets one polite answer a day', async () => {
      await scene();
      clock.set('2025-03-01T09:00:00Z');
      const send = async (id: string, from = 'Jane Doe <stranger@example.test>') => ingestInboundEmail(await rawEmail({ from, to: 'help@support.example.test', subject: 'Hi', messageId: `<${id}@x.example>`, text: 'Do you sell VPS?' }));
      expect(await send('a')).to.deep.equal({ status: 'unregistered_sender', answered: true });
      expect(await send('b')).to.deep.equal({ status: 'unregistered_sender', answered: false });
      expect(await send('c', 'MAILER-DAEMON@example.test')).to.deep.equal({ status: 'unregistered_sender', answered: false });
      clock.set('2025-03-02T09:00:00Z');
      expect(await send('d')).to.deep.equal({ status: 'unregistered_sender', answered: true });
      expect(await Ticket.count()).to.equal(0);
      expect(await TicketReply.count()).to.equal(0);

      await runMailDelivery();
      const answers = await smtp.waitFor(2);
      expect(answers.map((m) => m.envelope.to)).to.deep.equal([['stranger@example.test'], ['stranger@example.test']]);
      expect(answers[0]!.parsed.subject).to.equal('We could not open a ticket from your email');
      expect(answers[0]!.parsed.text).to.contain('Hello Jane Doe,');
      expect(answers[0]!.parsed.text).to.contain('stranger@example.test does not belong to a customer account');
      expect(answers[0]!.parsed.text).to.contain('/account/register');
      expect(answers[0]!.parsed.html).to.contain('/account/tickets/new');
    });

    it('when it comes through the webhook, then it answers 200 with the opened ticket', async () => {
      const { email } = await scene();
      const app: Express = await buildTestApp({ surfaces: [], extraRouters: [{ path: '/webhooks', router: buildInboundEmailRouter(), stage: 'raw' }] });
      const raw = await rawEmail({ from: email, to: 'help@support.example.test', subject: 'Via webhook', text: 'Posted by the provider' });
      const res = await request(app).post('/webhooks/inbound-email').set('X-Inbound-Secret', inboundEmailSecret()).type('message/rfc822').send(raw);
      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('opened');
      expect((await Ticket.findByPk(res.body.ticketId as number, { rejectOnEmpty: true })).subject).to.equal('Via webhook');
    });
  });

  describe('staff answering by email', () => {
    async function opened() {
      const customer = await createCustomer({ user: { firstName: 'Ada' } });
      const agent = await createStaff('support', { firstName: 'Sam' });
      const department = await createDepartment({ email: 'help@support.example.test' });
      const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Disk full', message: 'My disk is full' }, customerCtx(customer));
      await runMailDelivery();
      const mails = await smtp.waitFor(2);
      const alert = mails.find((m) => m.envelope.to[0] === agent.email)!;
      return { customer, agent, department, ticket, alert, replyTo: alert.parsed.replyTo!.value[0]!.address! };
    }

    it('when a customer opens a ticket, then each support member gets a mail with their own signed reply address', async () => {
      const { ticket, agent, alert, replyTo } = await opened();
      expect(alert.parsed.subject).to.equal('[T-000001] New ticket: Disk full');
      expect(replyTo).to.equal(staffReplyAddress(ticket, agent.id, { email: 'help@support.example.test' }));
      expect(replyTo).to.match(new RegExp(`^staff\\+${ticket.id}\\.${agent.id}\\.[0-9a-f]{32}@support\\.example\\.test$`));
      expect(alert.parsed.text).to.contain('My disk is full');
      expect(alert.parsed.text).to.contain(`/admin/resources/tickets/records/${ticket.id}/show`);
      expect(alert.parsed.text).to.contain('#note');
    });

    it('when the support member answers the mail, then a staff reply is posted and mailed to the customer', async () => {
      const { ticket, agent, customer, alert, replyTo } = await opened();
      const quoted = alert.parsed.text!.split('\n').map((l) => `> ${l}`).join('\n');
      const raw = await rawEmail({ from: `Sam <${agent.email}>`, to: replyTo, subject: `Re: ${alert.parsed.subject}`, messageId: '<staff-1@mail.example>', text: `Please remove old backups.\n\nOn Mon, Sam wrote:\n${quoted}` });
      const result = await ingestInboundEmail(raw);
      expect(result).to.deep.include({ status: 'appended', ticketId: ticket.id, internal: false });
      const reply = await TicketReply.findOne({ where: { emailMessageId: '<staff-1@mail.example>' }, rejectOnEmpty: true });
      expect([reply.authorKind, reply.authorId, reply.internal, reply.via, reply.body]).to.deep.equal(['staff', agent.id, false, 'email', 'Please remove old backups.']);
      const saved = await Ticket.findByPk(ticket.id, { rejectOnEmpty: true });
      expect(saved.status).to.equal('awaiting_customer');
      expect(saved.firstResponseAt).to.not.equal(null);
      const mail = await MailOutbox.findOne({ where: { template: 'ticket-replied' }, rejectOnEmpty: true });
      expect(mail.toAddress).to.equal(customer.user!.email);
      expect(mail.text).to.contain('Please remove old backups.');
      expect(await ingestInboundEmail(raw)).to.deep.include({ status: 'duplicate' });
      expect(await TicketReply.count({ where: { ticketId: ticket.id, authorKind: 'staff' } })).to.equal(1);
    });

    it('when the subject or the first line starts with #note, then it is an internal note the customer never gets', async () => {
      const { ticket, agent, replyTo } = await opened();
      const bySubject = await rawEmail({ from: agent.email, to: replyTo, subject: 'Re: #note [T-000001] New ticket: Disk full', text: 'Customer is on the old node.' });
      const byLine = await rawEmail({ from: agent.email, to: replyTo, subject: 'Re: [T-000001] New ticket: Disk full', text: '#note: check the backup quota\nthen answer' });
      expect(await ingestInboundEmail(bySubject)).to.deep.include({ status: 'appended', internal: true });
      expect(await ingestInboundEmail(byLine)).to.deep.include({ status: 'appended', internal: true });
      const notes = await TicketReply.findAll({ where: { ticketId: ticket.id, internal: true }, order: [['id', 'ASC']] });
      expect(notes.map((n) => n.body)).to.deep.equal(['Customer is on the old node.', 'check the backup quota\nthen answer']);
      expect(await MailOutbox.count({ where: { template: 'ticket-replied' } })).to.equal(0);
      expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('open');
    });

    it('when someone else sends from the address, the member is suspended or not support staff, or the token is forged, then the email is refused', async () => {
      const { ticket, agent, replyTo } = await opened();
      const send = async (from: string, to: string) => ingestInboundEmail(await rawEmail({ from, to, subject: 'Re', text: 'Let me in' }));
      expect(await codeOf(send('customer@example.test', replyTo))).to.equal('inbound_sender_mismatch');
      const forged = replyTo.replace(/\.([0-9a-f])([0-9a-f]{31})@/, (_m, c: string, rest: string) => `.${c === 'a' ? 'b' : 'a'}${rest}@`);
      expect(await codeOf(send(agent.email, forged))).to.equal('inbound_token_invalid');
      const finance = await createStaff('finance');
      expect(await codeOf(send(finance.email, staffReplyAddress(ticket, finance.id, null)))).to.equal('inbound_staff_refused');
      const suspended = await createUser({}, 'support', 'suspended');
      expect(await codeOf(send(suspended.email, staffReplyAddress(ticket, suspended.id, null)))).to.equal('inbound_staff_refused');
      const otherMember = replyTo.replace(`staff+${ticket.id}.${agent.id}.`, `staff+${ticket.id}.${suspended.id}.`);
      expect(await codeOf(send(suspended.email, otherMember)), 'a token moved to another member').to.equal('inbound_token_invalid');
      expect(await TicketReply.count({ where: { body: 'Let me in' } })).to.equal(0);
    });

    it('when the customer replies on an assigned ticket, then only the assignee gets the mail', async () => {
      const { ticket, customer, agent } = await opened();
      const other = await createStaff('support');
      await ticket.update({ assigneeId: agent.id });
      const { replyToTicket } = await import('../../../src/support/reply-to-ticket.js');
      await replyToTicket({ ticket: ticket.id, author: { kind: 'customer', customerId: customer.id, userId: customer.userId }, body: 'Any news?' }, customerCtx(customer));
      const alerts = await MailOutbox.findAll({ where: { template: 'ticket-staff-alert', subject: '[T-000001] Customer reply: Disk full' } });
      expect(alerts.map((m) => m.toAddress)).to.deep.equal([agent.email]);
      expect(alerts.map((m) => m.toAddress)).to.not.include(other.email);
    });
  });

  it('readStaffAnswer: a note marker only counts at the start of the subject (after Re:/Fwd:) or of the first line', () => {
    expect(readStaffAnswer('Re: Fwd: #NOTE check', 'body')).to.deep.equal({ internal: true, body: 'body' });
    expect(readStaffAnswer('Re: about #note', 'we use #note here')).to.deep.equal({ internal: false, body: 'we use #note here' });
    expect(readStaffAnswer('Re: x', '\n  #note - look at logs')).to.deep.equal({ internal: true, body: 'look at logs' });
  });
});
