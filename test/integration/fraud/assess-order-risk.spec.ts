import { expect } from 'chai';
import { assessOrderRisk, parseIpCountry, type OrderRiskInput } from '../../../src/fraud/assess-order-risk.js';
import { disposableDomainOf, disposableDomains } from '../../../src/fraud/disposable-domains.js';
import { EMAIL_UNVERIFIED } from '../../../src/fraud/risk-flags.js';
import { setSetting } from '../../../src/settings/index.js';
import { clock } from '../../../src/lib/clock.js';
import type { Customer } from '../../../src/models/index.js';
import { createOrder } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { freshEngine, sys } from '../billing/orders/support.js';

function input(customer: Customer, extra: Partial<OrderRiskInput> = {}): OrderRiskInput {
  return { customerId: customer.id, planTypes: ['vps'], totalMinor: 1000, currency: 'USD', ip: '203.0.113.7', ipCountry: null, ...extra };
}

describe('fraud / assessOrderRisk', () => {
  beforeEach(() => freshEngine());

  it('when a verified customer orders a small VPS from their own country, then no flag fires', async () => {
    const customer = await createCustomer();
    expect(await assessOrderRisk(input(customer, { ipCountry: 'US' }), sys())).to.deep.equal([]);
  });

  it('when the customer has not confirmed their email, then the order is flagged "email not verified"', async () => {
    const customer = await createCustomer({}, 'unverified');
    expect(await assessOrderRisk(input(customer), sys())).to.deep.equal([EMAIL_UNVERIFIED]);
  });

  it('when the total is above the threshold of its currency, then the flag names both amounts', async () => {
    const customer = await createCustomer();
    await setSetting('fraud.review_order_total_minor', { USD: 10_000, EUR: 100, GBP: 100, CAD: 100, AUD: 100, JPY: 100 }, sys());
    expect(await assessOrderRisk(input(customer, { totalMinor: 10_000 }), sys())).to.deep.equal([]);
    expect(await assessOrderRisk(input(customer, { totalMinor: 10_001 }), sys())).to.deep.equal(['order total 100.01 USD over review threshold 100.00 USD']);
  });

  it('when the IP country header differs from the billing country, then it is flagged; unknown and Tor are told apart', async () => {
    const customer = await createCustomer();
    expect(await assessOrderRisk(input(customer, { ipCountry: 'DE' }), sys())).to.deep.equal(['billing country US differs from IP country DE']);
    expect(await assessOrderRisk(input(customer, { ipCountry: parseIpCountry('XX') }), sys())).to.deep.equal([]);
    expect(await assessOrderRisk(input(customer, { ipCountry: parseIpCountry('t1') }), sys())).to.deep.equal(['order placed through the Tor network']);
    expect(parseIpCountry('<script>')).to.equal(null);
  });

  it('when the email is at a disposable domain or one of its subdomains, then the domain is named', async () => {
    const customer = await createCustomer({ user: { email: 'someone@inbox.mailinator.com' } });
    expect(await assessOrderRisk(input(customer), sys())).to.deep.equal(['disposable email domain mailinator.com']);
    expect(disposableDomainOf('a@example.com')).to.equal(null);
    expect(disposableDomainOf('A@YOPMAIL.COM')).to.equal('yopmail.com');
    expect(disposableDomains().size).to.be.greaterThan(300);
  });

  it('when one IP placed the daily maximum of orders, then the next one is flagged; other IPs and old orders do not count', async () => {
    const customer = await createCustomer();
    await setSetting('fraud.max_orders_per_ip_per_day', 2, sys());
    await createOrder({ customer, ip: '203.0.113.7' });
    await createOrder({ customer, ip: '198.51.100.1' });
    await createOrder({ customer, ip: '203.0.113.7', createdAt: new Date(clock.now().getTime() - 2 * 86_400_000) });
    expect(await assessOrderRisk(input(customer), sys())).to.deep.equal([]);
    await createOrder({ customer, ip: '203.0.113.7' });
    expect(await assessOrderRisk(input(customer), sys())).to.deep.equal(['order number 3 from IP 203.0.113.7 within 24 hours (limit 2)']);
  });

  it('when the country is on the review list or a new customer buys a first dedicated server, then it is flagged', async () => {
    const customer = await createCustomer({}, 'eur');
    await setSetting('fraud.review_countries', ['DE'], sys());
    expect(await assessOrderRisk(input(customer, { currency: 'EUR', planTypes: ['dedicated'] }), sys())).to.deep.equal([
      'orders from DE are reviewed',
      'first dedicated server order of a new customer',
    ]);
    await createOrder({ customer }, 'completed');
    await setSetting('fraud.review_countries', [], sys());
    expect(await assessOrderRisk(input(customer, { currency: 'EUR', planTypes: ['dedicated'] }), sys())).to.deep.equal([]);
  });
});
