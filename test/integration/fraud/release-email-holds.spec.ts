import { expect } from 'chai';
import { placeOrder } from '../../../src/billing/orders/place-order.js';
import { issueAuthToken } from '../../../src/auth/issue-auth-token.js';
import { verifyEmail } from '../../../src/auth/verify-email.js';
import { assessOrderRisk } from '../../../src/fraud/assess-order-risk.js';
import { releaseEmailVerificationHolds } from '../../../src/fraud/release-email-holds.js';
import { EMAIL_UNVERIFIED } from '../../../src/fraud/risk-flags.js';
import { recordBankTransferPayment } from '../../../src/payments/bank-transfer/record-bank-transfer-payment.js';
import { Order, Service, Subscription, User, type Customer, type Plan } from '../../../src/models/index.js';
import { createCustomer } from '../../factories/identity.js';
import { asCustomer, asStaff, createCatalog, freshEngine, sys } from '../billing/orders/support.js';

async function placeHeld(customer: Customer, plan: Plan, extraFlags: string[] = []) {
  const flags = await assessOrderRisk({ customerId: customer.id, planTypes: ['vps'], totalMinor: 1500, currency: 'USD', ip: null, ipCountry: null }, sys());
  return placeOrder({ customerId: customer.id, currency: 'USD', items: [{ planId: plan.id, cycle: 'monthly' }], riskFlags: [...flags, ...extraFlags] }, asCustomer(customer));
}

async function pay(invoiceId: number, amountMinor: number): Promise<void> {
  await recordBankTransferPayment({ invoiceId, amountMinor, reference: `BANK-${invoiceId}`, receivedOn: '2025-01-31' }, await asStaff());
}

async function markVerified(customer: Customer): Promise<void> {
  await User.update({ emailVerifiedAt: new Date() }, { where: { id: customer.userId } });
}

describe('fraud / email verification before provisioning', () => {
  beforeEach(() => freshEngine());

  it('when an unverified customer pays, then nothing is provisioned until the email is confirmed, and confirming it sets the service up', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer({}, 'unverified');
    const placed = await placeHeld(customer, plan);
    expect([placed.order.status, placed.order.reviewReason, placed.order.riskFlags]).to.deep.equal(['pending_review', `Risk flags: ${EMAIL_UNVERIFIED}`, [EMAIL_UNVERIFIED]]);
    await pay(placed.invoice!.id, Number(placed.invoice!.totalMinor));
    expect((await Order.findByPk(placed.order.id))!.status).to.equal('pending_review');
    expect(await Service.count({ where: { customerId: customer.id } })).to.equal(0);
    const { token } = await issueAuthToken(customer.userId, 'email_verification', sys());
    await verifyEmail(token, asCustomer(customer));
    const order = (await Order.findByPk(placed.order.id))!;
    expect([order.status, order.riskFlags, order.reviewReason, order.reviewedBy]).to.deep.equal(['completed', null, null, null]);
    expect((await Subscription.findByPk(placed.subscriptions[0]!.id))!.status).to.equal('active');
    const services = await Service.findAll({ where: { customerId: customer.id } });
    expect(services.map((s) => s.status)).to.deep.equal(['pending']);
  });

  it('when an order is held for the email and another reason, then confirming lifts only the email flag and staff still review it', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer({}, 'unverified');
    const placed = await placeHeld(customer, plan, ['billing country US differs from IP country DE']);
    await markVerified(customer);
    const result = await releaseEmailVerificationHolds(customer.userId, sys());
    expect(result).to.deep.equal({ released: [], stillInReview: [placed.order.number] });
    const order = (await Order.findByPk(placed.order.id))!;
    expect([order.status, order.riskFlags, order.reviewReason]).to.deep.equal(['pending_review', ['billing country US differs from IP country DE'], 'Risk flags: billing country US differs from IP country DE']);
  });

  it('when the release runs twice, then the paid order is approved and activated once', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer({}, 'unverified');
    const placed = await placeHeld(customer, plan);
    await pay(placed.invoice!.id, Number(placed.invoice!.totalMinor));
    await markVerified(customer);
    expect(await releaseEmailVerificationHolds(customer.userId, sys())).to.deep.equal({ released: [placed.order.number], stillInReview: [] });
    expect(await releaseEmailVerificationHolds(customer.userId, sys())).to.deep.equal({ released: [], stillInReview: [] });
    expect((await Order.findByPk(placed.order.id))!.status).to.equal('completed');
    expect(await Service.count({ where: { customerId: customer.id } })).to.equal(1);
  });

  it('when two releases run at once, then exactly one approves the order and one service exists', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer({}, 'unverified');
    const placed = await placeHeld(customer, plan);
    await pay(placed.invoice!.id, Number(placed.invoice!.totalMinor));
    await markVerified(customer);
    const results = await Promise.allSettled([releaseEmailVerificationHolds(customer.userId, sys()), releaseEmailVerificationHolds(customer.userId, sys())]);
    const released = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.released : []));
    expect(released).to.deep.equal([placed.order.number]);
    expect((await Order.findByPk(placed.order.id))!.status).to.equal('completed');
    expect(await Service.count({ where: { customerId: customer.id } })).to.equal(1);
    expect(await Subscription.count({ where: { customerId: customer.id, status: 'active' } })).to.equal(1);
  });

  it('when an unpaid held order is released, then it is approved and activates when it is paid', async () => {
    const { plan } = await createCatalog();
    const customer = await createCustomer({}, 'unverified');
    const placed = await placeHeld(customer, plan);
    await markVerified(customer);
    await releaseEmailVerificationHolds(customer.userId, sys());
    expect((await Order.findByPk(placed.order.id))!.status).to.equal('approved');
    expect(await Service.count({ where: { customerId: customer.id } })).to.equal(0);
    await pay(placed.invoice!.id, Number(placed.invoice!.totalMinor));
    expect((await Order.findByPk(placed.order.id))!.status).to.equal('completed');
    expect(await Service.count({ where: { customerId: customer.id } })).to.equal(1);
  });
});
