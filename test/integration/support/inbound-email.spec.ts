import { expect } from 'chai';
import type { Express } from 'express';
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import request from 'supertest';
import { buildInboundEmailRouter } from '../../../portal/account/tickets/inbound-webhook.js';
import { MailOutbox, Ticket, TicketAttachment, TicketReply } from '../../../src/models/index.js';
import { ingestInboundEmail } from '../../../src/support/inbound/ingest-inbound-email.js';
import { inboundEmailSecret } from '../../../src/support/inbound/inbound-secret.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { ticketReplyAddress } from '../../../src/support/reply-address.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { resetDatabase } from '../../support/db.js';
import { buildTestApp } from '../../support/http.js';
import { restoreConfig, runMailDelivery, useConfig } from '../notify/helpers.js';
import { codeOf, customerCtx, FILES, staffCtx, tempDataDir } from './helpers.js';

/** An RFC 5322 message as a mail client would send it. */
function rawEmail(mail: Mail.Options): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

describe('support: replies by email', function () {
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

  async function conversation() {
    const customer = await createCustomer({ user: { firstName: 'Ada' } });
    const staff = await createStaff('support', { firstName: 'Sam' });
    const department = await createDepartment({ email: 'help@support.example.test' });
    const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Disk full', message: 'My disk is full' }, customerCtx(customer));
    await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'Please delete old backups.' }, staffCtx(staff));
    return { customer, staff, ticket, email: customer.user!.email, address: ticketReplyAddress(ticket, department) };
  }

  it("when the customer answers a staff reply from their mail client, then the new text (not the quote) and its files join the ticket", async () => {
    const { ticket, email } = await conversation();
    await runMailDelivery();
    const staffMail = (await smtp.waitFor(3)).find((m) => m.parsed.subject?.startsWith('Re:'))!;
    const replyTo = staffMail.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).to.match(/^reply\+\d+\.[0-9a-f]{32}@support\.example\.test$/);
    expect(staffMail.parsed.headers.get('references')).to.match(/^<ticket\.T-000001@/);
    expect(staffMail.parsed.text).to.contain('## Please type your reply above this line ##');

    const quoted = staffMail.parsed.text!.split('\n').map((l) => `> ${l}`).join('\n');
    const raw = await rawEmail({
      from: `Ada <${email.toUpperCase()}>`,
      to: replyTo,
      subject: `Re: ${staffMail.parsed.subject}`,
      messageId: '<reply-1@client.example>',
      inReplyTo: staffMail.parsed.messageId,
      text: `Done, thanks!\nIt works again.\n\nOn Mon, 3 Mar 2025 at 10:00, Support <${replyTo}> wrote:\n${quoted}\n`,
      attachments: [{ filename: 'df.txt', content: FILES.text }, { filename: 'virus.exe', content: FILES.exe }],
    });
    const result = await ingestInboundEmail(raw);
    expect(result).to.deep.include({ status: 'appended', ticketId: ticket.id, rejectedFiles: ['virus.exe'] });
    const reply = await TicketReply.findOne({ where: { emailMessageId: '<reply-1@client.example>' }, rejectOnEmpty: true });
    expect(reply.body).to.match(/^Done, thanks!\nIt works again\.\n\n\(Not attached: virus\.exe\./);
    expect(reply.body).to.not.contain('Please delete old backups');
    expect([reply.authorKind, reply.via]).to.deep.equal(['customer', 'email']);
    expect((await TicketAttachment.findAll({ where: { replyId: reply.id } })).map((a) => a.originalName)).to.deep.equal(['df.txt']);
    expect((await Ticket.findByPk(ticket.id, { rejectOnEmpty: true })).status).to.equal('awaiting_staff');
  });

  it('when the same email is delivered twice, then it is appended once', async () => {
    const { ticket, email, address } = await conversation();
    const raw = await rawEmail({ from: email, to: address, subject: 'Re: x', messageId: '<dup@client.example>', text: 'Once please' });
    const first = await ingestInboundEmail(raw);
    const second = await ingestInboundEmail(raw);
    expect(first.status).to.equal('appended');
    expect(second).to.deep.include({ status: 'duplicate', ticketId: ticket.id });
    expect(await TicketReply.count({ where: { body: 'Once please' } })).to.equal(1);
  });

  it('when the reply token is forged, points at another ticket, or the sender is someone else, then the email is refused', async () => {
    const { ticket, email, address } = await conversation();
    const forged = address.replace(/\.([0-9a-f])/, (_m, c: string) => `.${c === 'a' ? 'b' : 'a'}`);
    const otherTicket = address.replace(`reply+${ticket.id}.`, `reply+${ticket.id + 1000}.`);
    const send = (from: string, to: string) => rawEmail({ from, to, subject: 'Re: x', text: 'Let me in' }).then((raw) => ingestInboundEmail(raw));
    expect(await codeOf(send(email, forged))).to.equal('inbound_token_invalid');
    expect(await codeOf(send(email, otherTicket))).to.equal('inbound_token_invalid');
    expect(await codeOf(send('attacker@example.test', address))).to.equal('inbound_sender_mismatch');
    expect(await codeOf(send(email, 'reply+12.not-a-token@support.example.test'))).to.equal('inbound_token_invalid');
    expect(await TicketReply.count({ where: { body: 'Let me in' } })).to.equal(0);
  });

  it('when an out-of-office answer arrives, then it is ignored', async () => {
    const { email, address } = await conversation();
    const raw = await rawEmail({ from: email, to: address, subject: 'Out of office', text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(await ingestInboundEmail(raw)).to.deep.equal({ status: 'ignored', reason: 'auto_reply' });
    expect(await TicketReply.count({ where: { body: 'I am away' } })).to.equal(0);
  });

  describe('POST /webhooks/inbound-email', () => {
    let app: Express;
    before(async () => {
      app = await buildTestApp({ surfaces: [], extraRouters: [{ path: '/webhooks', router: buildInboundEmailRouter(), stage: 'raw' }] });
    });

    it('when the shared secret is missing or wrong, then it answers 401 and appends nothing', async () => {
      const { email, address } = await conversation();
      const raw = await rawEmail({ from: email, to: address, subject: 'Re', text: 'Via webhook' });
      expect((await request(app).post('/webhooks/inbound-email').type('message/rfc822').send(raw)).status).to.equal(401);
      expect((await request(app).post('/webhooks/inbound-email').set('X-Inbound-Secret', 'nope').type('message/rfc822').send(raw)).status).to.equal(401);
      expect(await TicketReply.count({ where: { body: 'Via webhook' } })).to.equal(0);
    });

    it('when the provider posts the raw email with the secret, then the reply is appended, and a refused one answers 422', async () => {
      const { ticket, email, address } = await conversation();
      const raw = await rawEmail({ from: email, to: address, subject: 'Re', text: 'Via webhook' });
      const ok = await request(app).post('/webhooks/inbound-email').set('X-Inbound-Secret', inboundEmailSecret()).type('message/rfc822').send(raw);
      expect(ok.status).to.equal(200);
      expect(ok.body).to.deep.include({ status: 'appended', ticketId: ticket.id });
      const bad = await rawEmail({ from: 'someone@example.test', to: address, subject: 'Re', text: 'Nope' });
      const refused = await request(app).post('/webhooks/inbound-email').set('X-Inbound-Secret', inboundEmailSecret()).type('message/rfc822').send(bad);
      expect([refused.status, refused.body.code]).to.deep.equal([422, 'inbound_sender_mismatch']);
      expect(await MailOutbox.count({ where: { template: 'ticket-replied' } }), 'a customer reply mails nobody').to.equal(1);
    });
  });
});
