import { expect } from 'chai';
import { activateOrderOnPayment } from '../../../../src/billing/orders/activate-order-on-payment.js';
import { approveOrder } from '../../../../src/billing/orders/approve-order.js';
import { placeOrder } from '../../../../src/billing/orders/place-order.js';
import { rejectOrder } from '../../../../src/billing/orders/reject-order.js';
import { recordPayment } from '../../../../src/billing/ledger/record-payment.js';
import { grantCredit } from '../../../../src/billing/credit/grant-credit.js';
import { clock } from '../../../../src/lib/clock.js';
import { AuditLog, Invoice, Plan, ProvisioningTask, Service, Subscription, SubscriptionAddon, WaitlistEntry } from '../../../../src/models/index.js';
import { createPlan } from '../../../factories/catalog.js';
import { createCustomer } from '../../../factories/identity.js';
import { asCustomer, asStaff, createCatalog, failure, freshEngine, sys } from './support.js';

const payInFull = async (invoice: Invoice, ref: string) =>
  recordPayment({ invoiceId: invoice.id, amountMinor: Number(invoice.totalMinor), currency: invoice.currency, gateway: 'stripe', gatewayReference: ref, idempotencyKey: `stripe:${ref}` }, sys());

describe('billing / order activation, approval and rejection', () => {
  before(() => freshEngine('2025-01-31T08:00:00.000Z'));
  beforeEach(() => clock.set('2025-01-31T08:00:00.000Z'));

  it('when the first invoice is paid, then the subscriptions start at the payment, the service is created once and activation twice is once', async () => {
    const { plan, backups } = await createCatalog();
    const customer = await createCustomer();
    clock.set('2025-01-31T08:00:00.000Z');
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly', addons: [backups.code] }] }, asCustomer(customer));
    expect((await activateOrderOnPayment(placed.invoice!.id, sys())).status).to.equal('not_paid');
    clock.set('2025-01-31T10:15:42.512Z');
    const payment = await payInFull(placed.invoice!, 'ch_1');
    expect(payment.becamePaid).to.equal(true);
    const [first, second] = [await activateOrderOnPayment(placed.invoice!.id, sys()), await activateOrderOnPayment(placed.invoice!.id, sys())];
    expect([first.status, second.status]).to.deep.equal(['activated', 'already_completed']);
    const sub = await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true });
    expect([sub.status, sub.anchorDay, sub.currentPeriodStart?.toISOString(), sub.currentPeriodEnd?.toISOString()]).to.deep.equal(['active', 31, '2025-01-31T10:15:42.000Z', '2025-02-28T10:15:42.000Z']);
    expect((await SubscriptionAddon.findAll({ where: { subscriptionId: sub.id } })).map((a) => a.status)).to.deep.equal(['active']);
    const services = await Service.findAll({ where: { subscriptionId: sub.id } });
    expect(services.length).to.equal(1);
    expect(await ProvisioningTask.count({ where: { serviceId: services[0].id, action: 'create' } })).to.equal(1);
    expect((await placed.order.reload()).status).to.equal('completed');
  });

  it('when an order awaits review and is paid, then nothing starts until staff approve it', async () => {
    const plan = await createPlan({}, 'dedicated', 'requiresReview');
    const customer = await createCustomer();
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer));
    await payInFull(placed.invoice!, 'ch_2');
    expect((await activateOrderOnPayment(placed.invoice!.id, sys())).status).to.equal('awaiting_review');
    expect((await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true })).status).to.equal('pending');
    const staff = await asStaff();
    const approved = await approveOrder(placed.order.id, staff);
    expect(approved.status).to.equal('completed');
    expect((await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true })).status).to.equal('active');
    expect(await AuditLog.count({ where: { action: 'order.approved', entityId: String(placed.order.id) } })).to.equal(1);
    expect((await failure(approveOrder(placed.order.id, staff))).code).to.equal('invalid_transition');
  });

  it('when account credit covers the first invoice, then the order activates as it is placed', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer();
    await grantCredit({ customerId: customer.id, amountMinor: 10_000, currency: 'USD', reason: 'Prepaid' }, sys());
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer));
    expect([placed.invoice!.status, placed.order.status, placed.subscriptions[0].status]).to.deep.equal(['paid', 'completed', 'active']);
  });

  it('when staff reject an unpaid waitlisted order, then its invoice is voided, the subscription cancelled and the waitlist entry cancelled', async () => {
    const plan = await createPlan({}, 'dedicated', 'soldOut');
    const customer = await createCustomer();
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer));
    expect(placed.order.status).to.equal('pending_review');
    expect((await failure(approveOrder(placed.order.id, await asStaff()))).code).to.equal('out_of_stock');
    const rejected = await rejectOrder(placed.order.id, 'No stock this month', await asStaff());
    expect([rejected.status, rejected.rejectionReason]).to.deep.equal(['rejected', 'No stock this month']);
    expect((await Invoice.findByPk(placed.invoice!.id, { rejectOnEmpty: true })).status).to.equal('void');
    expect((await Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true })).status).to.equal('cancelled');
    expect((await WaitlistEntry.findOne({ where: { orderId: placed.order.id }, rejectOnEmpty: true })).status).to.equal('cancelled');
    expect((await Plan.findByPk(plan.id, { rejectOnEmpty: true })).stock).to.equal(0);
  });

  it('when an order that took stock is rejected, then the stock is given back', async () => {
    const plan = await createPlan({ stock: 3 }, 'dedicated', 'requiresReview');
    const customer = await createCustomer();
    const placed = await placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }] }, asCustomer(customer));
    expect((await Plan.findByPk(plan.id, { rejectOnEmpty: true })).stock).to.equal(2);
    await rejectOrder(placed.order.id, 'Fraud suspected', await asStaff());
    expect((await Plan.findByPk(plan.id, { rejectOnEmpty: true })).stock).to.equal(3);
  });
});
