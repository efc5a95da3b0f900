import { expect } from 'chai';
import { emitEvent } from '../../../src/billing/events.js';
import { systemCtx } from '../../../src/lib/context.js';
import { MailOutbox, Notification, OutboxMessage } from '../../../src/models/index.js';
import { notifyCustomer, notifyStaff, type CustomerEvent, type CustomerEventData } from '../../../src/notify/notify.js';
import { createInvoice } from '../../factories/billing.js';
import { createOrder, createService, createSubscription } from '../../factories/commerce.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';
import { restoreConfig, runOutboxDelivery, useConfig } from './helpers.js';

const ctx = () => systemCtx();

describe('notify: customer and staff notifications', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await resetDatabase();
    useConfig({ smtpUrl: undefined, discordWebhookUrl: undefined });
  });
  afterEach(restoreConfig);

  it('when every customer event is raised, then each writes its mail (or notice) and in-app row exactly once', async () => {
    const customer = await createCustomer({ user: { firstName: 'Robin' } });
    const invoice = await createInvoice({ customer }, 'open');
    const order = await createOrder({ customer }, 'rejected');
    const service = await createService({ customer });
    const subscription = await createSubscription({ customer }, 'cancelled');
    const ticket = await createTicket({ customer });
    const events: { [E in CustomerEvent]: CustomerEventData[E] } = {
      'account.welcome': {},
      'account.email_verification': { link: 'https://x.test/verify?token=t', expiresHours: 24, key: 'token-1' },
      'account.password_reset': { link: 'https://x.test/reset?token=t', minutes: 60, ip: '203.0.113.9', key: 'token-2' },
      'account.new_device_login': { device: 'Firefox on Linux', ip: '203.0.113.9', at: '2025-03-01 10:00 UTC', key: 'fp-1' },
      'order.received': { orderId: order.id },
      'order.approved': { orderId: order.id },
      'order.rejected': { orderId: order.id, reason: 'Address could not be verified' },
      'invoice.issued': { invoiceId: invoice.id },
      'payment.received': { invoiceId: invoice.id, paymentId: 'pi_1', amountMinor: 1000 },
      'payment.failed': { invoiceId: invoice.id, attemptId: 7, reason: 'Card declined' },
      'dunning.reminder': { invoiceId: invoice.id, step: 1, daysOverdue: 3 },
      'dunning.final_notice': { invoiceId: invoice.id, daysOverdue: 5, suspendAt: '2025-03-13T00:00:00Z' },
      'service.provisioned': { serviceId: service.id, credentials: { username: 'root', password: 'pw-secret-1' } },
      'service.suspended': { serviceId: service.id, reason: 'Overdue invoice' },
      'service.unsuspended': { serviceId: service.id },
      'service.terminated': { serviceId: service.id },
      'subscription.cancelled': { subscriptionId: subscription.id },
      'ticket.opened': { ticketId: ticket.id, message: 'It does not boot' },
      'ticket.replied': { ticketId: ticket.id, replyId: 99, authorName: 'Sam', message: 'Fixed it' },
      'ticket.closed': { ticketId: ticket.id, closedAt: '2025-03-01T10:00:00Z' },
      'bandwidth.threshold_reached': { serviceId: service.id, cycleStart: '2025-03-01', threshold: 90, usedGb: 900, quotaGb: 1000 },
    };
    for (const [event, data] of Object.entries(events)) {
      const first = await notifyCustomer(event as CustomerEvent, { customerId: customer.id, data } as never, ctx());
      const again = await notifyCustomer(event as CustomerEvent, { customerId: customer.id, data } as never, ctx());
      expect([first.notified, again.notified], event).to.deep.equal([true, false]);
    }
    const mails = await MailOutbox.findAll({ order: [['id', 'ASC']] });
    expect(mails).to.have.length(Object.keys(events).length);
    for (const m of mails) {
      expect(m.toAddress).to.equal(customer.user!.email);
      expect(m.html, m.template).to.contain('Robin');
      expect(m.text, m.template).to.contain('Robin');
    }
    const byTemplate = Object.fromEntries(mails.map((m) => [m.template, m]));
    expect(byTemplate['payment-failed']!.text).to.contain(`/account/billing/invoices/${invoice.id}/pay`);
    expect(byTemplate['order-rejected']!.text).to.contain('Address could not be verified');
    expect(byTemplate['service-provisioned']!.text).to.contain('pw-secret-1');
    const notifications = await Notification.findAll({ where: { userId: customer.userId } });
    expect(notifications.map((n) => n.type)).to.not.include.members(['account.email_verification', 'account.password_reset']);
    expect(JSON.stringify(notifications.map((n) => n.get({ plain: true })))).to.not.contain('pw-secret-1');
    expect(notifications.find((n) => n.type === 'invoice.issued')?.url).to.equal(`/account/billing/invoices/${invoice.id}`);
  });

  it("when a customer turned invoice mail off, then invoices arrive in-app only, while a failed payment is still mailed", async () => {
    const customer = await createCustomer({ emailPreferences: { marketing: false, invoices: false, serviceUpdates: true, bandwidthAlerts: true } });
    const invoice = await createInvoice({ customer }, 'open');
    await notifyCustomer('invoice.issued', { customerId: customer.id, data: { invoiceId: invoice.id } }, ctx());
    await notifyCustomer('payment.failed', { customerId: customer.id, data: { invoiceId: invoice.id, attemptId: 1 } }, ctx());
    expect((await MailOutbox.findAll()).map((m) => m.template)).to.deep.equal(['payment-failed']);
    expect((await Notification.findAll({ where: { userId: customer.userId }, order: [['id', 'ASC']] })).map((n) => n.type)).to.deep.equal(['invoice.issued', 'payment.failed']);
  });

  it("when an event names another customer's record, then nothing is written", async () => {
    const customer = await createCustomer();
    const other = await createInvoice({}, 'open');
    const err = await notifyCustomer('invoice.issued', { customerId: customer.id, data: { invoiceId: other.id } }, ctx()).catch((e: unknown) => e);
    expect(String(err)).to.contain('another customer');
    expect(await MailOutbox.count()).to.equal(0);
    expect(await Notification.count()).to.equal(0);
  });

  it('when staff are notified, then the right roles get one in-app row each and Discord one post, however often it is raised', async () => {
    const admin = await createStaff('admin');
    const finance = await createStaff('finance');
    const support = await createStaff('support');
    const data = { invoiceId: 5, number: 'INV-000005', customerId: 9, amountMinor: 2500, currency: 'USD', reason: 'Card expired' };
    await notifyStaff('payment.failed_final', data, ctx());
    await notifyStaff('payment.failed_final', data, ctx());
    expect((await Notification.findAll()).map((n) => n.userId).sort()).to.deep.equal([admin.id, finance.id].sort());
    expect(await Notification.count({ where: { userId: support.id } })).to.equal(0);
    const posts = await OutboxMessage.findAll({ where: { channel: 'discord' } });
    expect(posts).to.have.length(1);
    expect(posts[0]!.topic).to.equal('payments');
    expect(JSON.stringify(posts[0]!.payload)).to.contain('$25.00').and.contain('Card expired');
  });

  it('when billing emits order.placed for an order under review, then the outbox job tells the customer, staff and Discord, once', async () => {
    const admin = await createStaff('admin');
    const order = await createOrder({}, 'pendingReview');
    const payload = { orderId: order.id, customerId: order.customerId, number: order.number, status: 'pending_review', totalMinor: order.totalMinor, currency: order.currency };
    await emitEvent('order.placed', payload, ctx(), { dedupeKey: `order.placed:${order.id}` });
    await emitEvent('order.approved', { orderId: order.id, customerId: order.customerId }, ctx(), { dedupeKey: `order.approved:${order.id}` });
    await emitEvent('subscription.renewed', { subscriptionId: 1, customerId: order.customerId }, ctx(), { dedupeKey: 'subscription.renewed:1' });

    await runOutboxDelivery();
    await runOutboxDelivery();
    expect((await MailOutbox.findAll({ order: [['id', 'ASC']] })).map((m) => m.template)).to.deep.equal(['order-received', 'order-approved']);
    expect((await Notification.findAll({ where: { userId: admin.id } })).map((n) => n.type).sort()).to.deep.equal(['order.needs_review', 'order.placed']);
    const discord = await OutboxMessage.findAll({ where: { channel: 'discord' }, order: [['id', 'ASC']] });
    expect(discord.map((d) => (d.payload as { event: string }).event)).to.deep.equal(['order.placed', 'order.needs_review']);
    expect(discord.every((d) => d.status === 'delivered' && /no Discord webhook/.test(d.lastError ?? ''))).to.equal(true);
    const events = await OutboxMessage.findAll({ where: { channel: 'event', topic: ['order.placed', 'order.approved', 'subscription.renewed'] } });
    expect(events.map((e) => e.status)).to.deep.equal(['delivered', 'delivered', 'delivered']);
  });
});
