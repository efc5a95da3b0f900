import { expect } from 'chai';
import { seedCatalog, seedTaxRates } from '../../../seeders/catalog.js';
import { issueAuthToken } from '../../../src/auth/issue-auth-token.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { Order, Service } from '../../../src/models/index.js';
import { recordBankTransferPayment } from '../../../src/payments/bank-transfer/record-bank-transfer-payment.js';
import { setSetting } from '../../../src/settings/index.js';
import { createCustomer, createStaff } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { csrfOf, signedIn, type Agent } from '../portal/support.js';

const CART = '/account/order?plan=vps-start&cycle=monthly&currency=USD';

/** Opens the cart and places a VPS Start order; returns the answer and the order. */
async function order(agent: Agent, headers: Record<string, string> = {}): Promise<{ location: string; order: Order }> {
  const page = await agent.get(CART);
  const nonce = /name="nonce" value="([^"]+)"/.exec(page.text)![1]!;
  const res = await agent.post('/account/order').set(headers).type('form').send({ _csrf: csrfOf(page.text), nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12' });
  expect(res.status).to.equal(303);
  const placed = await Order.findOne({ order: [['id', 'DESC']], rejectOnEmpty: true });
  return { location: res.headers.location as string, order: placed };
}

describe('checkout e2e: fraud checks hold orders for review', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await resetDatabase();
    await seedCatalog();
    await seedTaxRates();
  });

  it('when an unverified customer orders and pays, then setup waits for the email, the pages say so, and confirming it starts setup', async () => {
    await setSetting('payments.bank_transfer', { enabled: true, accountHolder: 'EZSCALE Ltd', bankName: 'Test Bank', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountNumber: '', routingNumber: '', instructions: '' }, systemCtx());
    const customer = await createCustomer({}, 'unverified');
    const agent = await signedIn(customer);
    const { location, order: placed } = await order(agent);
    expect([placed.status, placed.riskFlags]).to.deep.equal(['pending_review', ['email not verified']]);
    const confirmation = await agent.get(location);
    expect(confirmation.text).to.contain('Confirm your email address with the link we sent you');
    expect(confirmation.text).to.contain('action="/account/verify-email/resend"');
    expect(confirmation.text).to.contain('DE89370400440532013000');
    expect(confirmation.text).to.contain('data-order-stage="email"');
    const dashboard = await agent.get('/account/dashboard');
    expect(dashboard.text).to.contain('we set up new services only after you confirm it');
    expect(dashboard.text).to.contain('action="/account/verify-email/resend"');
    const invoiceId = Number(/\/account\/billing\/invoices\/(\d+)"/.exec(confirmation.text)![1]);
    const staff = await createStaff('finance');
    await recordBankTransferPayment(
      { invoiceId, amountMinor: Number(placed.totalMinor), reference: 'STATEMENT-1', receivedOn: clock.now().toISOString().slice(0, 10) },
      { ...systemCtx(), actor: { type: 'staff', userId: staff.id, role: 'finance' } },
    );
    expect(await Service.count({ where: { customerId: customer.id } })).to.equal(0);
    expect((await agent.get(location)).text).to.contain('Paid. Confirm your email address');
    const { token } = await issueAuthToken(customer.userId, 'email_verification', systemCtx());
    expect((await agent.get(`/account/verify-email?token=${token}`)).status).to.equal(303);
    expect((await Order.findByPk(placed.id))!.status).to.equal('completed');
    const after = await agent.get('/account/dashboard');
    expect(after.text).not.to.contain('we set up new services only after you confirm it');
    expect(after.text).to.contain('Setting up');
  });

  it('when the IP country header differs from the billing country, then the order waits for review with the reason recorded', async () => {
    const customer = await createCustomer();
    const { order: placed } = await order(await signedIn(customer), { 'CF-IPCountry': 'BR' });
    expect(placed.status).to.equal('pending_review');
    expect(placed.reviewReason).to.equal('Risk flags: billing country US differs from IP country BR');
  });

  it('when the customer signed up with a disposable email domain, then the order waits for review', async () => {
    const customer = await createCustomer({ user: { email: `buyer-${Date.now()}@guerrillamail.com` } });
    const { order: placed } = await order(await signedIn(customer));
    expect(placed.riskFlags).to.deep.equal(['disposable email domain guerrillamail.com']);
    expect(placed.status).to.equal('pending_review');
  });

  it('when an order is above the review threshold or one IP orders too often, then those orders wait for review', async () => {
    await setSetting('fraud.review_order_total_minor', { USD: 100, EUR: 100, GBP: 100, CAD: 100, AUD: 100, JPY: 100 }, systemCtx());
    await setSetting('fraud.max_orders_per_ip_per_day', 1, systemCtx());
    const agent = await signedIn(await createCustomer());
    const first = await order(agent);
    expect(first.order.riskFlags).to.deep.equal([`order total ${(Number(first.order.totalMinor) / 100).toFixed(2)} USD over review threshold 1.00 USD`]);
    const second = await order(agent);
    expect(second.order.riskFlags).to.include(`order number 2 from IP ${second.order.ip} within 24 hours (limit 1)`);
  });

  it('when a verified customer orders with no risky signal, then the order is not held', async () => {
    const { order: placed, location } = await order(await signedIn(await createCustomer()), { 'CF-IPCountry': 'US' });
    expect([placed.status, placed.riskFlags, placed.reviewReason]).to.deep.equal(['pending', null, null]);
    expect(location).to.equal(`/account/order/placed/${placed.number}`);
  });
});
