import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { config } from '../../../config/index.js';
import { completeSignIn } from '../../../src/auth/complete-sign-in.js';
import { requestPasswordReset } from '../../../src/auth/request-password-reset.js';
import { sendVerificationEmail } from '../../../src/auth/send-verification-email.js';
import { verifyEmail } from '../../../src/auth/verify-email.js';
import { checkBandwidthThresholds } from '../../../src/bandwidth/check-bandwidth-thresholds.js';
import { approveOrder } from '../../../src/billing/orders/approve-order.js';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { rejectOrder } from '../../../src/billing/orders/reject-order.js';
import { cancelSubscription } from '../../../src/billing/subscriptions/cancel-subscription.js';
import { inTransaction } from '../../../src/db/transaction.js';
import { billingRenewJob } from '../../../src/jobs/billing-renew.js';
import { mailDeliverJob } from '../../../src/jobs/mail-deliver.js';
import { outboxDeliverJob } from '../../../src/jobs/outbox-deliver.js';
import { runJob } from '../../../src/jobs/runner.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx, type Ctx } from '../../../src/lib/context.js';
import { Invoice, MailOutbox, type Service, User, type Customer, type Plan } from '../../../src/models/index.js';
import { noticeFailedStep } from '../../../src/payments/dunning/dunning-mails.js';
import { daysAfter, loadDunningPolicy } from '../../../src/payments/dunning/dunning-policy.js';
import { receivePayment } from '../../../src/payments/operations/receive-payment.js';
import { notifyServiceCustomer, type ServiceNotice } from '../../../src/provisioning/orchestration/notify-customer.js';
import { loadServiceSubject } from '../../../src/provisioning/orchestration/service-subject.js';
import { closeTicket } from '../../../src/support/close-ticket.js';
import { openTicket } from '../../../src/support/open-ticket.js';
import { replyToTicket } from '../../../src/support/reply-to-ticket.js';
import { createBandwidthUsage } from '../../factories/billing.js';
import { createPlan } from '../../factories/catalog.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createDepartment } from '../../factories/support.js';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../../fakes/smtp.js';
import { resetDatabase } from '../../support/db.js';
import { FILES, tempDataDir } from '../support/helpers.js';
import { restoreConfig, useConfig } from './helpers.js';

/** What one event's mail must say: the subject, text found in both parts, and the files attached. */
interface Expected {
  user: User;
  subject: string;
  /** Each is in the text part and (entities decoded) in the HTML part. */
  content: string[];
  attachments?: Array<{ filename: string; contentType: string; startsWith?: Buffer }>;
}

interface Case {
  event: string;
  template: string;
  /** Runs the operation that raises the event (or raises it as that operation does) and says what the mail holds. */
  cause: () => Promise<Expected>;
}

const appUrl = () => config().appUrl;
const portal = (path: string) => `${appUrl()}/account${path}`;
const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&#x3D;': '=', '&#x60;': '`' };
const decode = (html: string): string => html.replace(/&(amp|lt|gt|quot|#x27|#39|#x3D|#x60);/g, (e) => entities[e] ?? e);
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
/** What a reader of the HTML part sees: its text (tags gone, entities decoded) with each link's address beside it. */
const readable = (html: string): string =>
  squash(decode(html.replace(/<(head|style)[^>]*>[\s\S]*?<\/\1>/gi, '').replace(/<a\s[^>]*href="([^"]*)"[^>]*>/gi, ' $1 ').replace(/<[^>]+>/g, '')));

const asCustomer = (customer: Customer, extra: { ip?: string; userAgent?: string } = {}): Ctx => systemCtx({ actor: { type: 'customer', userId: customer.userId, role: 'customer', ...extra } });
const asStaff = (staff: User): Ctx => systemCtx({ actor: { type: 'staff', userId: staff.id, role: 'admin' } });
const userOf = (customer: Customer): Promise<User> => User.findByPk(customer.userId, { rejectOnEmpty: true });

describe('notify: every customer event, delivered by the workers through SMTP', function () {
  this.timeout(120_000);
  let smtp: FakeSmtp;
  let staff: User;
  let plan: Plan;

  /** One pass of each worker job, twice: events fan out to mail, mail goes out, and nothing goes out a second time. */
  async function deliver(): Promise<void> {
    for (let i = 0; i < 2; i++) {
      await runJob(outboxDeliverJob);
      await runJob(mailDeliverJob);
    }
  }

  const received = (user: User, template: string): ReceivedMail[] =>
    smtp.messages.filter((m) => m.envelope.to.includes(user.email) && m.parsed.headers.get('x-mail-template') === template);

  /** A new customer with a first name the mail greets them by. */
  const customerNamed = (firstName: string, ...traits: Array<'unverified'>) => createCustomer({ user: { firstName, lastName: 'Tester' } }, ...traits);

  /** An order placed in the portal, as the customer does (first invoice issued, `order.placed` raised). */
  async function orderOf(customer: Customer, orderPlan = plan) {
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', idempotencyKey: randomUUID(), items: [{ planId: orderPlan.id, cycle: 'monthly' }] }, asCustomer(customer));
    return { order: placed.order, invoice: placed.invoice! };
  }

  /** Tells the customer about their service as the provisioning run does, in its transaction. */
  const serviceNotice = (service: Service, notice: ServiceNotice, extra: Parameters<typeof notifyServiceCustomer>[2]) =>
    inTransaction(systemCtx(), async (transaction) => notifyServiceCustomer(await loadServiceSubject(service.id, { transaction }), notice, extra, { ...systemCtx(), transaction }));

  /** A failed dunning step of a fresh order's invoice, told to the customer as the dunning run does. */
  async function failedStep(firstName: string, step: number, final: boolean) {
    const customer = await customerNamed(firstName);
    const { invoice } = await orderOf(customer);
    const dueAt = invoice.dueAt!;
    clock.set(daysAfter(dueAt, step === 0 ? 0 : 3 + step));
    await noticeFailedStep(
      { invoice, step, nextRetryAt: final ? null : daysAfter(dueAt, 5 + step), reason: 'declined', declineCode: 'insufficient_funds', attemptId: 9000 + step + (final ? 50 : 0) },
      await loadDunningPolicy(),
      systemCtx(),
    );
    return { customer, invoice, user: await userOf(customer) };
  }

  async function bandwidthCase(firstName: string, threshold: 75 | 90 | 100): Promise<Expected> {
    const customer = await customerNamed(firstName);
    const metered = await createPlan({ name: 'VPS Metered', bandwidthQuotaGb: 1000 });
    const subscription = await createSubscription({ customer, plan: metered });
    const service = await createService({ subscription, hostname: `bw-${threshold}.example.test` });
    const usedGb = threshold === 100 ? 1004 : threshold * 10 + 1;
    await createBandwidthUsage({ service, bytesIn: usedGb * 1e9 - 4e9, bytesOut: 4e9 });
    expect(await checkBandwidthThresholds({ service, subscription, plan: metered }, systemCtx())).to.include(threshold);
    const user = await userOf(customer);
    const serviceUrl = portal(`/services/${service.id}`);
    if (threshold === 100) {
      return { user, subject: 'Your VPS Metered used all of its included traffic', content: [`has used ${usedGb} GB, all of the 1000 GB included`, 'billed per GB on your next invoice', serviceUrl] };
    }
    return { user, subject: `Your VPS Metered used ${threshold}% of its traffic`, content: [`${threshold}%`, `has used ${usedGb} GB`, 'of the 1000 GB included this cycle', `bw-${threshold}.example.test`, serviceUrl] };
  }

  // NOTE: every case starts on the same day (the root hooks give each test the real clock back).
  beforeEach(() => clock.set('2025-03-03T09:00:00.000Z'));
  before(async () => {
    await resetDatabase();
    smtp = await startFakeSmtp();
    useConfig({ smtpUrl: smtp.url, dataDir: tempDataDir() });
    staff = await createStaff('admin', { firstName: 'Sam' });
    plan = await createPlan({ name: 'VPS Medium', monthlyMinor: 2400 });
  });
  after(async () => {
    restoreConfig();
    await smtp.close();
  });

  const cases: Case[] = [
    {
      event: 'account.email_verification',
      template: 'verify-email',
      async cause() {
        const customer = await customerNamed('Vera', 'unverified');
        await sendVerificationEmail(customer.userId, systemCtx());
        return { user: await userOf(customer), subject: 'Confirm your email address for EZSCALE', content: [`${appUrl()}/account/verify-email?token=`, 'The link works once'] };
      },
    },
    {
      event: 'account.welcome',
      template: 'welcome',
      async cause() {
        const customer = await customerNamed('Wim', 'unverified');
        const user = await userOf(customer);
        await sendVerificationEmail(customer.userId, systemCtx());
        await deliver();
        // NOTE: the customer follows the link of the mail they received; confirming the address welcomes them.
        const link = /(http\S+\/verify-email\?token=\S+)/.exec(received(user, 'verify-email')[0]!.parsed.text ?? '')?.[1];
        await verifyEmail(new URL(link!).searchParams.get('token')!, asCustomer(customer));
        return { user, subject: 'Welcome to EZSCALE', content: [`Your account (${user.email}) is ready`, `${appUrl()}/account`] };
      },
    },
    {
      event: 'account.password_reset',
      template: 'password-reset',
      async cause() {
        const customer = await customerNamed('Paz');
        const user = await userOf(customer);
        await requestPasswordReset({ email: user.email.toUpperCase() }, systemCtx({ actor: { type: 'customer', userId: null, ip: '203.0.113.77' } }));
        return { user, subject: 'Reset your EZSCALE password', content: [`${appUrl()}/account/reset-password?token=`, 'from the address 203.0.113.77', 'expires in 60 minutes'] };
      },
    },
    {
      event: 'account.new_device_login',
      template: 'new-device-login',
      async cause() {
        const customer = await customerNamed('Nia');
        const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
        const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
        expect((await completeSignIn(customer.userId, { method: 'password' }, asCustomer(customer, { ip: '198.51.100.10', userAgent: firefox }))).newDevice).to.equal(false);
        expect((await completeSignIn(customer.userId, { method: 'password' }, asCustomer(customer, { ip: '203.0.113.99', userAgent: safari }))).newDevice).to.equal(true);
        return { user: await userOf(customer), subject: 'New sign-in to your EZSCALE account', content: ['Safari on macOS', '203.0.113.99', '2025-03-03 09:00 UTC', `${appUrl()}/account/forgot-password`, `${appUrl()}/account/security`] };
      },
    },
    {
      event: 'order.received',
      template: 'order-received',
      async cause() {
        const customer = await customerNamed('Olu');
        const { order, invoice } = await orderOf(customer);
        return { user: await userOf(customer), subject: `We received your order ${order.number}`, content: [`We received your order ${order.number} for $24.00`, 'set up as soon as the invoice is paid', portal(`/billing/invoices/${invoice.id}`)] };
      },
    },
    {
      event: 'order.approved',
      template: 'order-approved',
      async cause() {
        const customer = await customerNamed('Ada');
        const { order } = await orderOf(customer, await createPlan({ name: 'Dedicated XL' }, 'dedicated', 'requiresReview'));
        expect(order.status).to.equal('pending_review');
        await approveOrder(order.id, asStaff(staff));
        return { user: await userOf(customer), subject: `Your order ${order.number} was approved`, content: [`your order ${order.number} passed our review`, portal(`/orders/${order.id}`)] };
      },
    },
    {
      event: 'order.rejected',
      template: 'order-rejected',
      async cause() {
        const customer = await customerNamed('Rex');
        const { order } = await orderOf(customer, await createPlan({ name: 'Dedicated XL' }, 'dedicated', 'requiresReview'));
        await rejectOrder(order.id, 'We could not verify the billing address', asStaff(staff));
        return { user: await userOf(customer), subject: `Your order ${order.number} could not be accepted`, content: [`could not be accepted: We could not verify the billing address`, portal(`/orders/${order.id}`)] };
      },
    },
    {
      event: 'invoice.issued',
      template: 'invoice-issued',
      async cause() {
        const customer = await customerNamed('Ivo');
        const { invoice: first } = await orderOf(customer);
        await receivePayment({ invoiceId: first.id, amountMinor: 2400, currency: 'USD', gateway: 'stripe', gatewayReference: 'ch_first', idempotencyKey: 'stripe:payment:ch_first' }, systemCtx());
        // NOTE: the renewal run issues the next period's invoice a week before the period ends, as the worker does.
        clock.set('2025-03-28T09:00:00.000Z');
        expect((await runJob(billingRenewJob)).failed).to.equal(0);
        const renewal = await Invoice.findOne({ where: { customerId: customer.id, kind: 'renewal' }, rejectOnEmpty: true });
        return {
          user: await userOf(customer),
          subject: `Invoice ${renewal.number}`,
          content: [`Your invoice ${renewal.number} of $24.00 is attached as a PDF`, 'Amount due: $24.00, by April 3, 2025', portal(`/billing/invoices/${renewal.id}/pay`)],
          attachments: [{ filename: `${renewal.number}.pdf`, contentType: 'application/pdf', startsWith: Buffer.from('%PDF-') }],
        };
      },
    },
    {
      event: 'payment.received',
      template: 'payment-received',
      async cause() {
        const customer = await customerNamed('Pia');
        const { invoice } = await orderOf(customer);
        await receivePayment({ invoiceId: invoice.id, amountMinor: 2400, currency: 'USD', gateway: 'stripe', gatewayReference: 'ch_paid', idempotencyKey: 'stripe:payment:ch_paid' }, systemCtx());
        return { user: await userOf(customer), subject: `Payment received for invoice ${invoice.number}`, content: [`We received $24.00 (Card) for invoice ${invoice.number}. The invoice is paid in full.`, portal(`/billing/invoices/${invoice.id}`)] };
      },
    },
    {
      event: 'payment.failed',
      template: 'payment-failed',
      async cause() {
        const { invoice, user } = await failedStep('Fay', 0, false);
        return {
          user,
          subject: `Payment for invoice ${invoice.number} failed`,
          content: [`We could not collect $24.00 for invoice ${invoice.number}`, 'Your card was declined (insufficient_funds)', portal(`/billing/invoices/${invoice.id}`), portal('/billing/payment-methods')],
        };
      },
    },
    {
      event: 'dunning.reminder',
      template: 'dunning-reminder',
      async cause() {
        const { invoice, user } = await failedStep('Dan', 1, false);
        return { user, subject: `Reminder: invoice ${invoice.number} is overdue`, content: [`Invoice ${invoice.number} for $24.00`, 'is 4 days overdue', portal(`/billing/invoices/${invoice.id}`)] };
      },
    },
    {
      event: 'dunning.final_notice',
      template: 'dunning-final-notice',
      async cause() {
        const { invoice, user } = await failedStep('Fin', 4, true);
        return { user, subject: `Final notice: invoice ${invoice.number}`, content: [`to collect $24.00 for invoice ${invoice.number}`, 'will not try again automatically', 'Your services will be suspended on', portal(`/billing/invoices/${invoice.id}`)] };
      },
    },
    {
      event: 'service.provisioned',
      template: 'service-provisioned',
      async cause() {
        const customer = await customerNamed('Pro');
        const service = await createService({ customer, plan, hostname: 'vps-ready.example.test', panelData: { panelUrl: 'https://panel.example.test' } });
        await serviceNotice(service, 'provisioned', { key: 'task:1', credentials: { username: 'root', password: 'Xq7-first-login-secret' } });
        return { user: await userOf(customer), subject: 'Your VPS Medium is ready', content: ['vps-ready.example.test', '198.51.100.7', 'https://panel.example.test', 'root', 'Xq7-first-login-secret', portal(`/services/${service.id}`)] };
      },
    },
    {
      event: 'service.suspended',
      template: 'service-suspended',
      async cause() {
        const customer = await customerNamed('Sus');
        const service = await createService({ customer, plan, hostname: 'vps-paused.example.test' });
        await serviceNotice(service, 'suspended', { key: 'task:2', reason: 'Invoice INV-2025-000099 is overdue' });
        return { user: await userOf(customer), subject: 'Your VPS Medium has been suspended', content: ['vps-paused.example.test', 'has been suspended: Invoice INV-2025-000099 is overdue', portal(`/services/${service.id}`)] };
      },
    },
    {
      event: 'service.unsuspended',
      template: 'service-unsuspended',
      async cause() {
        const customer = await customerNamed('Una');
        const service = await createService({ customer, plan, hostname: 'vps-back.example.test' });
        await serviceNotice(service, 'unsuspended', { key: 'task:3' });
        return { user: await userOf(customer), subject: 'Your VPS Medium is active again', content: ['vps-back.example.test', 'has been reactivated', portal(`/services/${service.id}`)] };
      },
    },
    {
      event: 'service.terminated',
      template: 'service-terminated',
      async cause() {
        const customer = await customerNamed('Tom');
        const service = await createService({ customer, plan, hostname: 'vps-gone.example.test' });
        await serviceNotice(service, 'terminated', { key: 'task:4', reason: 'Cancelled at your request' });
        return { user: await userOf(customer), subject: 'Your VPS Medium has been terminated', content: ['vps-gone.example.test', 'has been terminated: Cancelled at your request', 'cannot be restored'] };
      },
    },
    {
      event: 'subscription.cancelled',
      template: 'subscription-cancelled',
      async cause() {
        const customer = await customerNamed('Cal');
        const service = await createService({ customer, plan });
        await cancelSubscription({ subscriptionId: service.subscriptionId, mode: 'immediately', reason: 'Moving to another provider' }, asCustomer(customer));
        return { user: await userOf(customer), subject: 'Your VPS Medium subscription was cancelled', content: ['subscription was cancelled (Moving to another provider).', 'Nothing more will be billed for it.', portal(`/services/${service.id}`)] };
      },
    },
    {
      event: 'ticket.opened',
      template: 'ticket-opened',
      async cause() {
        const customer = await customerNamed('Tia');
        const department = await createDepartment({ name: 'Technical support' });
        const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Disk is slow', message: 'Since Monday the disk is slow.' }, asCustomer(customer));
        return { user: await userOf(customer), subject: `[${ticket.number}] Disk is slow`, content: [`Your ticket ${ticket.number} (Disk is slow) is with our Technical support team`, 'Since Monday the disk is slow.', portal(`/tickets/${ticket.number}`)] };
      },
    },
    {
      event: 'ticket.replied',
      template: 'ticket-replied',
      async cause() {
        const customer = await customerNamed('Rae');
        const department = await createDepartment({ name: 'Technical support' });
        const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Cannot boot', message: 'Stuck at GRUB.' }, asCustomer(customer));
        await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'NOTE-ONLY: check the host', internal: true }, asStaff(staff));
        await replyToTicket({ ticket: ticket.id, author: { kind: 'staff', userId: staff.id }, body: 'We rebuilt the bootloader.\n\nThe log is attached.', attachments: [{ filename: 'boot.log', bytes: FILES.text }] }, asStaff(staff));
        return {
          user: await userOf(customer),
          subject: `Re: [${ticket.number}] Cannot boot`,
          content: [`Sam replied to your ticket ${ticket.number}`, 'We rebuilt the bootloader.', 'Attached to this email: boot.log', portal(`/tickets/${ticket.number}`)],
          attachments: [{ filename: 'boot.log', contentType: 'text/plain', startsWith: FILES.text }],
        };
      },
    },
    {
      event: 'ticket.closed',
      template: 'ticket-closed',
      async cause() {
        const customer = await customerNamed('Cleo');
        const department = await createDepartment({ name: 'Billing' });
        const ticket = await openTicket({ customerId: customer.id, departmentId: department.id, subject: 'Two invoices', message: 'Why two?' }, asCustomer(customer));
        await closeTicket(ticket.id, { kind: 'staff' }, asStaff(staff));
        return { user: await userOf(customer), subject: `[${ticket.number}] closed: Two invoices`, content: [`Your ticket ${ticket.number} (Two invoices) is now closed`, portal(`/tickets/${ticket.number}`)] };
      },
    },
    { event: 'bandwidth.threshold_reached (75 %)', template: 'bandwidth-alert', cause: () => bandwidthCase('Bea', 75) },
    { event: 'bandwidth.threshold_reached (90 %)', template: 'bandwidth-alert', cause: () => bandwidthCase('Ben', 90) },
    { event: 'bandwidth.threshold_reached (100 %)', template: 'bandwidth-exceeded', cause: () => bandwidthCase('Bo', 100) },
  ];

  for (const { event, template, cause } of cases) {
    it(`when ${event} happens, then the customer receives one "${template}" mail with its headers, both parts and its key content`, async () => {
      const want = await cause();
      await deliver();
      const mails = received(want.user, template);
      expect(mails, `${template} mails to ${want.user.email}`).to.have.length(1);
      const { parsed } = mails[0]!;
      const row = await MailOutbox.findOne({ where: { toAddress: want.user.email, template }, rejectOnEmpty: true });
      expect(row.status).to.equal('sent');

      const [, fromName, fromAddress] = /^(.*) <(.+)>$/.exec(config().mail.from)!;
      expect(parsed.from?.value).to.deep.equal([{ name: fromName, address: fromAddress }]);
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).to.deep.equal([{ name: want.user.fullName, address: want.user.email }]);
      expect(parsed.subject).to.equal(want.subject);
      expect(parsed.messageId).to.equal(row.messageId).and.match(/^<mail\.\d+\.[0-9a-f]{16}@ezscale\.cloud>$/);

      const rawHtml = typeof parsed.html === 'string' ? parsed.html : '';
      expect(rawHtml).to.match(/^<!DOCTYPE html>/i);
      expect(rawHtml).to.not.match(/\{\{|\}\}/);
      expect(parsed.text ?? '').to.not.match(/\{\{|\}\}|<p|<\/a>/);
      const text = squash(parsed.text ?? '');
      const html = readable(rawHtml);
      expect(text).to.contain(`Hello ${want.user.firstName}`);
      expect(html).to.contain(`Hello ${want.user.firstName}`);
      for (const piece of want.content.map(squash)) {
        expect(text, `text part of ${template}`).to.contain(piece);
        expect(html, `HTML part of ${template}`).to.contain(piece);
      }

      const files = parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType }));
      expect(files).to.deep.equal((want.attachments ?? []).map(({ filename, contentType }) => ({ filename, contentType })));
      (want.attachments ?? []).forEach((a, i) => expect(parsed.attachments[i]!.content.subarray(0, a.startsWith?.length ?? 0).equals(a.startsWith ?? Buffer.alloc(0))).to.equal(true));
      expect(smtp.messages.filter((m) => `${m.parsed.text ?? ''}${String(m.parsed.html)}`.includes('NOTE-ONLY')), 'internal notes are never mailed').to.deep.equal([]);
    });
  }
});
