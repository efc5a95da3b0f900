import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { config } from '../../../config/index.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { MailOutbox } from '../../../src/models/index.js';
import { isCapturedMail } from '../../../src/notify/deliver-mail.js';
import { enqueueMail } from '../../../src/notify/enqueue-mail.js';
import { notifyCustomer } from '../../../src/notify/notify.js';
import { MAX_ATTEMPTS } from '../../../src/notify/outbox-claim.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { createInvoice } from '../../factories/billing.js';
import { createOrder, createService } from '../../factories/commerce.js';
import { createDepartment } from '../../factories/support.js';
import { createCustomer } from '../../factories/identity.js';
import { deadSmtpUrl, startFakeSmtp, type FakeSmtp } from '../../fakes/smtp.js';
import { resetDatabase } from '../../support/db.js';
import { MINUTE, restoreConfig, runMailDelivery, useConfig } from './helpers.js';

const mail = (n: number, to = `person${n}@example.test`) =>
  enqueueMail({ to, toName: `Person ${n}`, template: 'welcome', subject: `Welcome ${n}`, data: { name: `P${n}`, email: to, accountUrl: 'https://x.test/account' }, dedupeKey: `test:${n}:${to}` }, systemCtx());

describe('notify: mail delivery through SMTP', function () {
  this.timeout(60_000);
  let smtp: FakeSmtp;

  beforeEach(async () => {
    await resetDatabase();
    smtp = await startFakeSmtp();
    useConfig({ smtpUrl: smtp.url, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ezscale-mail-')) });
  });
  afterEach(async () => {
    restoreConfig();
    await smtp.close();
  });

  it('when an invoice is issued, then the customer receives one mail with HTML and text parts and the invoice PDF attached', async () => {
    const customer = await createCustomer({ user: { firstName: 'Dana' } });
    const invoice = await createInvoice({ customer }, 'open');
    await notifyCustomer('invoice.issued', { customerId: customer.id, data: { invoiceId: invoice.id } }, systemCtx());
    await notifyCustomer('invoice.issued', { customerId: customer.id, data: { invoiceId: invoice.id } }, systemCtx());

    const run = await runMailDelivery();
    expect(run.failed).to.equal(0);
    const [received] = await smtp.waitFor(1);
    expect(smtp.messages).to.have.length(1);
    const { parsed, envelope } = received!;
    expect(envelope.to).to.deep.equal([customer.user!.email]);
    expect(parsed.subject).to.equal(`Invoice ${invoice.number}`);
    expect(parsed.from?.text).to.contain(config().mail.from.replace(/.*</, '').replace('>', ''));
    expect(parsed.messageId).to.match(/^<mail\.\d+\.[0-9a-f]{16}@/);
    expect(parsed.headers.get('auto-submitted')).to.equal('auto-generated');
    expect(parsed.html).to.be.a('string').and.contain(`Invoice ${invoice.number}`).and.contain('Dana').and.contain('Pay the invoice');
    expect(parsed.text).to.contain(`Your invoice ${invoice.number}`).and.contain('/pay');
    expect(parsed.attachments).to.have.length(1);
    expect(parsed.attachments[0]!.contentType).to.equal('application/pdf');
    expect(parsed.attachments[0]!.filename).to.equal(`${invoice.number}.pdf`);
    expect(parsed.attachments[0]!.content.subarray(0, 5).toString()).to.equal('%PDF-');

    const row = await MailOutbox.findOne({ where: { template: 'invoice-issued' }, rejectOnEmpty: true });
    expect(row.status).to.equal('sent');
    expect(row.messageId).to.equal(parsed.messageId);
    expect(row.attachments).to.deep.equal([{ kind: 'invoice_pdf', invoiceId: invoice.id }]);
  });

  it('when customer events fire, then each mail arrives with both parts, its subject and, for tickets, the signed Reply-To and thread', async () => {
    const customer = await createCustomer({ user: { firstName: 'Lee' } });
    const order = await createOrder({ customer });
    const invoice = await createInvoice({ customer }, 'open');
    const service = await createService({ customer });
    const department = await createDepartment({ email: 'help@support.example.test' });
    const ctx = systemCtx({ actor: { type: 'customer', userId: customer.userId } });
    await notifyCustomer('order.received', { customerId: customer.id, data: { orderId: order.id } }, ctx);
    await notifyCustomer('payment.failed', { customerId: customer.id, data: { invoiceId: invoice.id, attemptId: 1, reason: 'Card declined' } }, ctx);
    await notifyCustomer('bandwidth.threshold_reached', { customerId: customer.id, data: { serviceId: service.id, cycleStart: '2025-03-01', threshold: 100, usedGb: 1001, quotaGb: 1000 } }, ctx);
    const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Slow disk', message: 'Very slow' }, ctx);
    await runMailDelivery();
    const received = await smtp.waitFor(4);
    const subjects = received.map((m) => m.parsed.subject ?? '');
    expect(subjects).to.include.members([`We received your order ${order.number}`, `Payment for invoice ${invoice.number} failed`, '[T-000001] Slow disk']);
    expect(subjects.filter((s) => s.endsWith('used all of its included traffic'))).to.have.length(1);
    for (const { parsed } of received) {
      expect(parsed.html, parsed.subject).to.be.a('string').and.contain('Lee');
      expect(parsed.text, parsed.subject).to.contain('Hello Lee');
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]!.address : '').to.equal(customer.user!.email);
    }
    const ticketMail = received.find((m) => m.parsed.subject === '[T-000001] Slow disk')!.parsed;
    expect(ticketMail.replyTo?.value[0]?.address).to.match(new RegExp(`^reply\\+${ticket.id}\\.[0-9a-f]{32}@support\\.example\\.test$`));
    expect(ticketMail.inReplyTo).to.match(/^<ticket\.T-000001@[^>]+>$/);
    expect(ticketMail.headers.has('auto-submitted')).to.equal(false);
    expect(received.find((m) => m.parsed.subject?.startsWith('Payment'))!.parsed.text).to.contain(`/account/billing/invoices/${invoice.id}/pay`);
  });

  it('when SMTP is down, then the mail waits with backoff and is delivered once when the server is back', async () => {
    clock.set('2025-03-01T10:00:00Z');
    useConfig({ smtpUrl: await deadSmtpUrl() });
    await mail(1);

    await runMailDelivery();
    let row = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(row.status).to.equal('pending');
    expect(row.attempts).to.equal(1);
    expect(row.lastError).to.match(/ECONNREFUSED|connect/i);
    expect(row.nextAttemptAt.toISOString()).to.equal('2025-03-01T10:01:00.000Z');

    await runMailDelivery();
    expect((await MailOutbox.findOne({ rejectOnEmpty: true })).attempts, 'not due yet').to.equal(1);

    clock.advance(MINUTE);
    await runMailDelivery();
    row = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(row.attempts).to.equal(2);
    expect(row.nextAttemptAt.toISOString(), 'second backoff step: 5 minutes').to.equal('2025-03-01T10:06:00.000Z');

    useConfig({ smtpUrl: smtp.url });
    clock.advance(5 * MINUTE);
    await runMailDelivery();
    await runMailDelivery();
    clock.advance(60 * MINUTE);
    await runMailDelivery();
    await smtp.waitFor(1);
    expect(smtp.messages).to.have.length(1);
    row = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(row.status).to.equal('sent');
    expect(row.attempts).to.equal(3);
  });

  it('when the server answers 451, then the mail is retried; when it answers 550, then it fails for good and staff see why', async () => {
    clock.set('2025-03-01T10:00:00Z');
    await mail(1);
    smtp.failNext(1, 451, 'Greylisted, try again later');
    await runMailDelivery();
    const retried = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(retried.status).to.equal('pending');
    expect(retried.lastError).to.contain('Greylisted');
    clock.advance(MINUTE);
    await runMailDelivery();
    expect((await MailOutbox.findByPk(retried.id, { rejectOnEmpty: true })).status).to.equal('sent');

    await mail(2);
    smtp.failNext(1, 550, 'Mailbox unavailable');
    await runMailDelivery();
    const refused = await MailOutbox.findOne({ where: { toAddress: 'person2@example.test' }, rejectOnEmpty: true });
    expect(refused.status).to.equal('failed');
    expect(refused.attempts).to.equal(1);
    expect(refused.lastError).to.contain('Mailbox unavailable');
    clock.advance(24 * 60 * MINUTE);
    await runMailDelivery();
    expect(smtp.messages.map((m) => m.envelope.to[0])).to.deep.equal(['person1@example.test']);
  });

  it('when the attempts are used up, then the mail is marked failed', async () => {
    useConfig({ smtpUrl: await deadSmtpUrl() });
    await mail(1);
    await MailOutbox.update({ attempts: MAX_ATTEMPTS - 1 }, { where: {} });
    await runMailDelivery();
    const row = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(row.status).to.equal('failed');
    expect(row.attempts).to.equal(MAX_ATTEMPTS);
  });

  it('when two workers deliver at the same time, then every mail is sent exactly once', async () => {
    for (let i = 1; i <= 24; i++) await mail(i);
    const [a, b] = await Promise.all([runMailDelivery(), runMailDelivery()]);
    await smtp.waitFor(24);
    expect(a.processed + b.processed).to.equal(24);
    const recipients = smtp.messages.map((m) => m.envelope.to[0]);
    expect(new Set(recipients).size).to.equal(24);
    expect(recipients).to.have.length(24);
    expect(await MailOutbox.count({ where: { status: 'sent' } })).to.equal(24);
  });

  it('when a worker died while sending, then the mail is sent by the next run after its claim ran out', async () => {
    clock.set('2025-03-01T10:00:00Z');
    await mail(1);
    await MailOutbox.update({ status: 'sending', attempts: 1, claimedUntil: new Date('2025-03-01T10:04:00Z') }, { where: {} });
    await runMailDelivery();
    expect(smtp.messages).to.have.length(0);
    clock.set('2025-03-01T10:05:00Z');
    await runMailDelivery();
    await smtp.waitFor(1);
    expect((await MailOutbox.findOne({ rejectOnEmpty: true })).status).to.equal('sent');
  });

  it('when the same mail is enqueued twice, then one row is written', async () => {
    expect((await mail(1)).queued).to.equal(true);
    expect((await mail(1)).queued).to.equal(false);
    expect(await MailOutbox.count()).to.equal(1);
  });
});

describe('notify: mail without SMTP', function () {
  beforeEach(async () => {
    await resetDatabase();
    useConfig({ smtpUrl: undefined });
  });
  afterEach(restoreConfig);

  it('when no SMTP server is configured, then mail is captured in the outbox as sent, for staff to read', async () => {
    await mail(1);
    const run = await runMailDelivery();
    expect(run.details).to.deep.equal({ captured: 1 });
    const row = await MailOutbox.findOne({ rejectOnEmpty: true });
    expect(row.status).to.equal('sent');
    expect(row.messageId).to.match(/^captured:<mail\./);
    expect(isCapturedMail(row)).to.equal(true);
    expect(row.html).to.contain('Welcome to');
    expect(row.text).to.contain('Your account (person1@example.test) is ready');
  });
});
