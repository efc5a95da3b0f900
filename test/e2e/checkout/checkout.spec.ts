import { expect } from 'chai';
import { seedCatalog, seedTaxRates } from '../../../seeders/catalog.js';
import { createCoupon } from '../../factories/catalog.js';
import { createCustomer } from '../../factories/identity.js';
import { createInvoice } from '../../factories/billing.js';
import { Invoice, Order, Plan, PlanPrice, type Customer } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { browser, csrfOf, signedIn, type Agent } from '../portal/support.js';

const CART = '/account/order?plan=vps-start&cycle=monthly&currency=USD';

async function priceOf(slug: string, cycle: string, currency: string): Promise<number> {
  const plan = await Plan.findOne({ where: { slug }, rejectOnEmpty: true });
  const price = await PlanPrice.findOne({ where: { planId: plan.id, cycle, currency }, rejectOnEmpty: true });
  return Number(price.amountMinor);
}

/** Opens the cart and returns the form's CSRF token and nonce. */
async function openCart(agent: Agent, url = CART): Promise<{ _csrf: string; nonce: string }> {
  const res = await agent.get(url);
  expect(res.status).to.equal(200);
  const nonce = /name="nonce" value="([^"]+)"/.exec(res.text)?.[1];
  if (!nonce) throw new Error('no nonce on the cart');
  return { _csrf: csrfOf(res.text), nonce };
}

describe('checkout e2e: ordering a plan from the portal', function () {
  this.timeout(60_000);
  let customer: Customer;
  let agent: Agent;

  beforeEach(async () => {
    await resetDatabase();
    await seedCatalog();
    await seedTaxRates();
    customer = await createCustomer();
    agent = await signedIn(customer);
  });

  it('when a signed-out visitor opens the cart, then it redirects to the login with the order URL as next', async () => {
    const res = await (await browser()).get(CART);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/account/login?next=${encodeURIComponent(CART)}`);
  });

  it('when a visitor follows the order link, signs up from the login page, then they land on the cart', async () => {
    const visitor = await browser();
    const login = await visitor.get(`/account/login?next=${encodeURIComponent(CART)}`);
    expect(login.text).to.contain(`/account/register?next=${encodeURIComponent(CART)}`);
    const form = await visitor.get(`/account/register?next=${encodeURIComponent(CART)}`);
    const res = await visitor.post('/account/register').type('form').send({
      _csrf: csrfOf(form.text), next: CART, firstName: 'Vera', lastName: 'Visitor', email: 'vera@example.com', password: 'a-long-password-1', country: 'US',
    });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(CART);
    expect((await visitor.get(CART)).text).to.contain('Order VPS Start');
  });

  it('when a customer opens the cart, then it shows the plan, its catalog price, the cycles and the OS templates', async () => {
    const res = await agent.get(CART);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Order VPS Start');
    expect(res.text).to.contain(`data-subtotal="${await priceOf('vps-start', 'monthly', 'USD')}"`);
    expect(res.text).to.contain(`data-total="${await priceOf('vps-start', 'monthly', 'USD')}"`);
    expect(res.text).to.contain('<option value="ubuntu-24.04">');
    expect(res.text).to.contain('<option value="annual">');
    const annual = await agent.get('/account/order?plan=vps-start&cycle=annual&currency=USD');
    expect(annual.text).to.contain(`data-subtotal="${await priceOf('vps-start', 'annual', 'USD')}"`);
  });

  it('when a customer billed in EUR in Germany opens a USD cart, then it quotes in EUR with German VAT', async () => {
    const german = await createCustomer({}, 'eur');
    await createInvoice({ customer: german, lines: [{ kind: 'manual', description: 'Earlier work', unitAmountMinor: 1000 }] });
    const res = await (await signedIn(german)).get(CART);
    const net = await priceOf('vps-start', 'monthly', 'EUR');
    expect(res.text).to.contain(`data-subtotal="${net}"`);
    expect(res.text).to.contain(`data-total="${net + Math.round((net * 19) / 100)}"`);
    expect(res.text).to.contain('(DE)');
  });

  it('when a new customer shops in EUR and places the first order, then the account is billed in EUR from then on', async () => {
    const { _csrf, nonce } = await openCart(agent, '/account/order?plan=vps-start&cycle=monthly&currency=EUR');
    const res = await agent.post('/account/order').type('form').send({ _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'EUR', os: 'debian-12' });
    expect(res.status).to.equal(303);
    const invoice = await Invoice.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
    expect([invoice.currency, Number(invoice.subtotalMinor)]).to.deep.equal(['EUR', await priceOf('vps-start', 'monthly', 'EUR')]);
    await customer.reload();
    expect(customer.currency).to.equal('EUR');
    const later = await agent.get(CART);
    expect(later.text).to.contain('your account is billed in EUR');
  });

  it('when an unknown plan is asked for, then it answers 404', async () => {
    expect((await agent.get('/account/order?plan=nope')).status).to.equal(404);
  });

  it('when a customer applies a valid coupon, then the quote shows the discount', async () => {
    const coupon = await createCoupon({ code: 'TENOFF' });
    const { _csrf, nonce } = await openCart(agent);
    const res = await agent.post('/account/order/quote').type('form').send({ _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: '', coupon: coupon.code.toLowerCase() });
    expect(res.status).to.equal(200);
    const net = await priceOf('vps-start', 'monthly', 'USD');
    expect(res.text).to.contain('Coupon TENOFF is applied');
    expect(res.text).to.contain(`data-discount="${net / 10}"`);
    expect(res.text).to.contain(`data-total="${net - net / 10}"`);
  });

  it('when a customer uses an expired or unknown coupon, then a clear error shows and nothing is placed', async () => {
    const expired = await createCoupon({ code: 'OLDDEAL' }, 'expired');
    const { _csrf, nonce } = await openCart(agent);
    const form = { _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12' };
    const quoted = await agent.post('/account/order/quote').type('form').send({ ...form, coupon: expired.code });
    expect(quoted.status).to.equal(422);
    expect(quoted.text).to.contain('Coupon OLDDEAL has expired');
    const unknown = await agent.post('/account/order/quote').type('form').send({ ...form, coupon: 'NOPE' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.contain('There is no coupon with the code NOPE.');
    const placed = await agent.post('/account/order').type('form').send({ ...form, coupon: expired.code });
    expect(placed.status).to.equal(422);
    expect(placed.text).to.contain('Coupon OLDDEAL has expired');
    expect(await Order.count()).to.equal(0);
    expect(await Invoice.count({ where: { customerId: customer.id } })).to.equal(0);
  });

  it('when a customer places the order twice with the same nonce, then one order and invoice exist and both go to its confirmation', async () => {
    const { _csrf, nonce } = await openCart(agent);
    const form = { _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12', hostname: 'web1.example.com', coupon: '' };
    const first = await agent.post('/account/order').type('form').send(form);
    expect(first.status).to.equal(303);
    const order = await Order.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    expect(invoice.customerId).to.equal(customer.id);
    expect(Number(invoice.totalMinor)).to.equal(await priceOf('vps-start', 'monthly', 'USD'));
    expect(first.headers.location).to.equal(`/account/order/placed/${order.number}`);
    const second = await agent.post('/account/order').type('form').send(form);
    expect(second.status).to.equal(303);
    expect(second.headers.location).to.equal(first.headers.location);
    expect(await Order.count()).to.equal(1);
    expect(await Invoice.count({ where: { customerId: customer.id } })).to.equal(1);
    const page = await agent.get(first.headers.location);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`Order ${order.number} is placed. Pay this invoice`);
    expect(page.text).to.contain(`href="/account/billing/invoices/${invoice.id}"`);
  });

  it('when a customer orders a dedicated server, then the flash says staff review it first', async () => {
    const { _csrf, nonce } = await openCart(agent, '/account/order?plan=dedi-e3&cycle=monthly&currency=USD');
    const res = await agent.post('/account/order').type('form').send({ _csrf, nonce, plan: 'dedi-e3', cycle: 'monthly', currency: 'USD', hostname: '', coupon: '' });
    expect(res.status).to.equal(303);
    const order = await Order.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
    expect(order.status).to.equal('pending_review');
    expect((await agent.get(res.headers.location)).text).to.contain('Our team reviews it before setup');
  });

  it('when a VPS order has no operating system, then it answers 422 and nothing is placed', async () => {
    const { _csrf, nonce } = await openCart(agent);
    const res = await agent.post('/account/order').type('form').send({ _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: '', coupon: '' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Choose an operating system.');
    expect(await Order.count()).to.equal(0);
  });

  it('when the order is posted without the CSRF token, then it answers 403 and nothing is placed', async () => {
    const { nonce } = await openCart(agent);
    const res = await agent.post('/account/order').type('form').send({ nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12' });
    expect(res.status).to.equal(403);
    expect(await Order.count()).to.equal(0);
  });
});
