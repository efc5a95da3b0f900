import { expect } from 'chai';
import fc from 'fast-check';
import { GatewayError } from '../../../../src/lib/errors.js';
import { decimalToMinor, fromPaypalMoney, minorToDecimal, toPaypalMoney } from '../../../../src/payments/paypal/amount.js';
import { toStripeAmount } from '../../../../src/payments/stripe/amount.js';

describe('Rails: amounts on the wire', () => {
  it('when cents go to PayPal, then they become a two-decimal string', () => {
    expect(toPaypalMoney({ minor: 1234, currency: 'usd' })).to.deep.equal({ currencyCode: 'USD', value: '12.34' });
    expect(toPaypalMoney({ minor: 5, currency: 'EUR' }).value).to.equal('0.05');
    expect(toPaypalMoney({ minor: 100000, currency: 'GBP' }).value).to.equal('1000.00');
    expect(toPaypalMoney({ minor: 900719925474099, currency: 'USD' }).value).to.equal('9007199254740.99');
  });

  it('when yen, forint or Taiwan dollars go to PayPal, then no decimals are sent', () => {
    expect(toPaypalMoney({ minor: 1500, currency: 'JPY' }).value).to.equal('1500');
    expect(toPaypalMoney({ minor: 120000, currency: 'HUF' }).value).to.equal('1200');
    expect(() => toPaypalMoney({ minor: 120050, currency: 'HUF' })).to.throw(GatewayError, /whole HUF/);
  });

  it('when PayPal sends a decimal string, then it becomes exact minor units', () => {
    expect(fromPaypalMoney({ currencyCode: 'USD', value: '12.3' })).to.deep.equal({ minor: 1230, currency: 'USD' });
    expect(fromPaypalMoney({ currencyCode: 'USD', value: '0.10' }).minor).to.equal(10);
    expect(fromPaypalMoney({ currencyCode: 'JPY', value: '1500' }).minor).to.equal(1500);
    expect(fromPaypalMoney({ currencyCode: 'USD', value: '19.990' }).minor).to.equal(1999);
    expect(() => fromPaypalMoney({ currencyCode: 'USD', value: '12.345' })).to.throw(GatewayError);
    expect(() => fromPaypalMoney({ currencyCode: 'USD', value: '1e3' })).to.throw(GatewayError);
  });

  it('when any amount goes to PayPal and back, then not a cent is lost (where floats would drift)', () => {
    expect(toPaypalMoney({ minor: 29, currency: 'USD' }).value).to.equal('0.29');
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('USD', 'EUR', 'JPY'), (minor, currency) => {
      expect(fromPaypalMoney(toPaypalMoney({ minor, currency })).minor).to.equal(minor);
    }));
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 3 }), (minor, exponent) => {
      expect(decimalToMinor(minorToDecimal(minor, exponent), exponent)).to.equal(minor);
    }));
  });

  it('when an amount goes to Stripe, then the integer passes unchanged with a lowercase currency', () => {
    expect(toStripeAmount({ minor: 1999, currency: 'USD' })).to.deep.equal({ amount: 1999, currency: 'usd' });
    expect(() => toStripeAmount({ minor: 0, currency: 'USD' })).to.throw(GatewayError);
    expect(() => toStripeAmount({ minor: 19.99, currency: 'USD' })).to.throw(GatewayError);
  });
});
