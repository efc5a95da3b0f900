import { expect } from 'chai';
import { seedCatalog, seedTaxRates } from '../../../seeders/catalog.js';
import { createConfigOptionPrice, createCoupon, createPlanConfigOption } from '../../factories/catalog.js';
import { createCustomer } from '../../factories/identity.js';
import {
  Addon, AddonPrice, ConfigOption, ConfigOptionPrice, Invoice, InvoiceLine, Order, Plan, PlanPrice, SubscriptionAddon, SubscriptionOption, type Customer,
} from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { browser, csrfOf, signedIn, type Agent } from '../portal/support.js';

const CART = '/account/order?plan=vps-start&cycle=monthly&currency=USD';

async function planPrice(slug: string, cycle: string, currency: string): Promise<number> {
  const plan = await Plan.findOne({ where: { slug }, rejectOnEmpty: true });
  return Number((await PlanPrice.findOne({ where: { planId: plan.id, cycle, currency }, rejectOnEmpty: true })).amountMinor);
}

async function optionPrice(code: string, cycle: string, currency: string): Promise<number> {
  const option = await ConfigOption.findOne({ where: { code }, rejectOnEmpty: true });
  return Number((await ConfigOptionPrice.findOne({ where: { optionId: option.id, cycle, currency, choice: '' }, rejectOnEmpty: true })).unitAmountMinor);
}

async function addonPrice(code: string, cycle: string, currency: string): Promise<number> {
  const addon = await Addon.findOne({ where: { code }, rejectOnEmpty: true });
  return Number((await AddonPrice.findOne({ where: { addonId: addon.id, cycle, currency }, rejectOnEmpty: true })).amountMinor);
}

async function openCart(agent: Agent, url = CART): Promise<{ _csrf: string; nonce: string; html: string }> {
  const res = await agent.get(url);
  expect(res.status).to.equal(200);
  const nonce = /name="nonce" value="([^"]+)"/.exec(res.text)?.[1];
  if (!nonce) throw new Error('no nonce on the cart');
  return { _csrf: csrfOf(res.text), nonce, html: res.text };
}

describe('checkout e2e: configurable options and add-ons in the cart', function () {
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

  it('when a customer opens a VPS cart, then it lists the options and add-ons with their price per cycle and currency', async () => {
    const { html } = await openCart(agent);
    expect(html).to.contain('name="options[extra_ram_gb]"');
    expect(html).to.contain('name="options[extra_ipv4]"');
    expect(html).to.contain('name="addons" value="backups"');
    expect(html).to.contain('name="addons" value="managed_support"');
    expect(html).to.contain('$2.00/mo per GB');
    const annual = await agent.get('/account/order?plan=vps-start&cycle=annual&currency=USD');
    const ram = await optionPrice('extra_ram_gb', 'annual', 'USD');
    expect(annual.text).to.contain(`$${(ram / 100).toFixed(2)}/yr per GB`);
    const euros = await (await signedIn(await createCustomer({}, 'eur'))).get('/account/order?plan=vps-start&cycle=monthly&currency=EUR');
    expect(euros.text).to.contain(`€${((await addonPrice('backups', 'monthly', 'EUR')) / 100).toFixed(2)}/mo`);
  });

  it('when a customer picks extra RAM, an add-on and a coupon, then the posted quote shows their lines, the discount and the total', async () => {
    const coupon = await createCoupon({ code: 'TENOFF' });
    const { _csrf, nonce } = await openCart(agent);
    const res = await agent.post('/account/order/quote').type('form').send({
      _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: '', 'options[extra_ram_gb]': '2', addons: ['backups', 'snapshots'], coupon: coupon.code,
    });
    expect(res.status).to.equal(200);
    const subtotal = (await planPrice('vps-start', 'monthly', 'USD')) + 2 * (await optionPrice('extra_ram_gb', 'monthly', 'USD'))
      + (await addonPrice('backups', 'monthly', 'USD')) + (await addonPrice('snapshots', 'monthly', 'USD'));
    expect(res.text).to.contain('>Extra RAM</td>');
    expect(res.text).to.contain('>Daily backups</td>');
    expect(res.text).to.contain('>Snapshots</td>');
    expect(res.text).to.contain(`data-subtotal="${subtotal}"`);
    expect(res.text).to.contain(`data-discount="${subtotal / 10}"`);
    expect(res.text).to.contain(`data-total="${subtotal - subtotal / 10}"`);
    expect(res.text).to.match(/id="f-opt-extra-ram-gb"[^>]*value="2"/);
    expect(res.text).to.match(/value="backups" checked/);
  });

  it('when a quantity is above the maximum or not a number, then the quote refuses it with a field error and placing the order changes nothing', async () => {
    const { _csrf, nonce } = await openCart(agent);
    const form = { _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12', 'options[extra_ram_gb]': '65', 'options[extra_vcpu]': 'lots' };
    const quoted = await agent.post('/account/order/quote').type('form').send(form);
    expect(quoted.status).to.equal(422);
    expect(quoted.text).to.contain('Extra RAM: 65 is not allowed (from 0 to 64 in steps of 1).');
    expect(quoted.text).to.contain('Extra vCPU: enter a whole number.');
    expect(quoted.text).to.contain(`data-total="${await planPrice('vps-start', 'monthly', 'USD')}"`);
    expect(quoted.text).to.match(/id="f-opt-extra-ram-gb"[^>]*aria-invalid="true"/);
    const placed = await agent.post('/account/order').type('form').send(form);
    expect(placed.status).to.equal(422);
    expect(await Order.count()).to.equal(0);
  });

  it('when an add-on the plan does not offer is posted, then it is ignored and the quote has only the plan', async () => {
    const { _csrf, nonce } = await openCart(agent);
    const res = await agent.post('/account/order/quote').type('form').send({ _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', addons: 'extra_ip' });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(`data-total="${await planPrice('vps-start', 'monthly', 'USD')}"`);
    expect(res.text).not.to.contain('Extra IPv4 block');
  });

  it('when a customer places an order with an option and an add-on, then the subscription carries them and the first invoice has their lines', async () => {
    const { _csrf, nonce } = await openCart(agent);
    const res = await agent.post('/account/order').type('form').send({
      _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12', 'options[extra_ram_gb]': '4', 'options[extra_ipv4]': '1', addons: 'backups', coupon: '',
    });
    expect(res.status).to.equal(303);
    const order = await Order.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
    expect(res.headers.location).to.equal(`/account/order/placed/${order.number}`);
    const invoice = await Invoice.findOne({ where: { orderId: order.id }, rejectOnEmpty: true });
    const lines = await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC'], ['id', 'ASC']] });
    expect(lines.map((l) => [l.kind, l.description, l.quantity, Number(l.unitAmountMinor)])).to.deep.include.members([
      ['option', 'Extra RAM', 4, await optionPrice('extra_ram_gb', 'monthly', 'USD')],
      ['option', 'Additional IPv4 address', 1, await optionPrice('extra_ipv4', 'monthly', 'USD')],
      ['addon', 'Daily backups', 1, await addonPrice('backups', 'monthly', 'USD')],
    ]);
    const subscriptionId = lines[0]!.subscriptionId!;
    const options = await SubscriptionOption.findAll({ where: { subscriptionId }, include: [{ model: ConfigOption, as: 'option' }] });
    const byCode = Object.fromEntries(options.map((o) => [(o as unknown as { option: ConfigOption }).option.code, o.quantity]));
    expect(byCode).to.include({ extra_ram_gb: 4, extra_ipv4: 1 });
    expect(await SubscriptionAddon.count({ where: { subscriptionId, status: 'pending' } })).to.equal(1);
    const page = await agent.get(res.headers.location);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`Thank you: order ${order.number} is placed`);
    expect(page.text).to.contain('Daily backups');
  });

  it('when a plan offers a select option (a location), then the cart shows its choices with prices and the order carries the choice', async () => {
    const plan = await Plan.findOne({ where: { slug: 'vps-start' }, rejectOnEmpty: true });
    const location = await ConfigOption.create({
      code: 'location', name: 'Location', kind: 'select', choices: [{ value: 'nyc', label: 'New York' }, { value: 'fra', label: 'Frankfurt' }],
    });
    await createConfigOptionPrice({ optionId: location.id, choice: 'fra', cycle: 'monthly', currency: 'USD', unitAmountMinor: 150 });
    await createPlanConfigOption({ planId: plan.id, optionId: location.id, sortOrder: 99 });
    const { _csrf, nonce, html } = await openCart(agent);
    expect(html).to.contain('<option value="fra">Frankfurt (+$1.50/mo)</option>');
    const res = await agent.post('/account/order').type('form').send({ _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12', 'options[location]': 'fra' });
    expect(res.status).to.equal(303);
    const option = await SubscriptionOption.findOne({ where: { optionId: location.id }, rejectOnEmpty: true });
    expect(option.choice).to.equal('fra');
    const invoice = await Invoice.findOne({ where: { customerId: customer.id }, rejectOnEmpty: true });
    expect(await InvoiceLine.count({ where: { invoiceId: invoice.id, description: 'Location: Frankfurt', unitAmountMinor: 150 } })).to.equal(1);
    const bad = await openCart(agent);
    const refused = await agent.post('/account/order/quote').type('form').send({ _csrf: bad._csrf, nonce: bad.nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', 'options[location]': 'mars' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.contain('Location: mars is not a choice.');
  });

  it('when another customer opens an order confirmation, then it answers 404', async () => {
    const { _csrf, nonce } = await openCart(agent);
    await agent.post('/account/order').type('form').send({ _csrf, nonce, plan: 'vps-start', cycle: 'monthly', currency: 'USD', os: 'debian-12' });
    const order = await Order.findOne({ rejectOnEmpty: true });
    const other = await signedIn(await createCustomer());
    expect((await other.get(`/account/order/placed/${order.number}`)).status).to.equal(404);
    expect((await (await browser()).get(`/account/order/placed/${order.number}`)).status).to.equal(303);
  });
});
