import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { AuditLog, PaymentMethod } from '../../../../src/models/index.js';
import { removePaymentMethod } from '../../../../src/payments/operations/remove-payment-method.js';
import { setDefaultPaymentMethod } from '../../../../src/payments/operations/set-default-payment-method.js';
import { startSaveCard } from '../../../../src/payments/operations/start-save-card.js';
import { receiveWebhook } from '../../../../src/payments/webhooks/receive-webhook.js';
import { createCustomer } from '../../../factories/identity.js';
import { customerCtx, customerWithCards, startRails, resetPayments, type Rails } from './support.js';

describe('Payments: saved cards', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when a customer saves a card through Checkout (setup mode), then its brand and last 4 are stored and it becomes the default', async () => {
    const customer = await createCustomer();
    const ctx = customerCtx(customer);

    const redirect = await startSaveCard(customer.id, ctx);
    const again = await startSaveCard(customer.id, ctx);
    const session = rails.stripe.completeCheckout(redirect.gatewayRef);
    const receipt = await receiveWebhook('stripe', rails.stripe.webhook('checkout.session.completed', session), systemCtx());

    expect(again).to.deep.equal(redirect);
    expect(rails.stripe.get(redirect.gatewayRef)).to.include({ mode: 'setup' });
    expect(receipt.outcome).to.equal('processed');
    const methods = await PaymentMethod.findAll({ where: { customerId: customer.id } });
    expect(methods.map((m) => [m.brand, m.last4, m.isDefault, m.detachedAt])).to.deep.equal([['visa', '4242', true, null]]);
  });

  it('when the customer makes another card the default and removes the old one, then renewals use the new one and Stripe no longer holds the old', async () => {
    const { customer, methods } = await customerWithCards(rails.stripe, 2);
    const ctx = customerCtx(customer);

    await setDefaultPaymentMethod({ customerId: customer.id, paymentMethodId: methods[1]!.id }, ctx);
    await removePaymentMethod({ customerId: customer.id, paymentMethodId: methods[0]!.id }, ctx);

    const rows = await PaymentMethod.findAll({ where: { customerId: customer.id }, order: [['id', 'ASC']] });
    expect(rows.map((m) => [m.isDefault, m.detachedAt !== null])).to.deep.equal([[false, true], [true, false]]);
    expect(rails.stripe.get(methods[0]!.gatewayToken)).to.include({ customer: null });
    expect(await AuditLog.count({ where: { action: ['payment_method.default_set', 'payment_method.removed'] } })).to.equal(2);
  });

  it("when a customer names another customer's card, then it is not found", async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const other = await customerWithCards(rails.stripe, 1);

    const error = await removePaymentMethod({ customerId: customer.id, paymentMethodId: other.methods[0]!.id }, customerCtx(customer)).catch((err: unknown) => err);

    expect(error).to.have.property('code', 'payment_method_not_found');
  });

  it('when Stripe reports a card detached, then it is never charged again and another card becomes default', async () => {
    const { customer, methods } = await customerWithCards(rails.stripe, 2);
    const detached = { ...(rails.stripe.get(methods[0]!.gatewayToken) ?? {}), customer: null };

    await receiveWebhook('stripe', rails.stripe.webhook('payment_method.detached', detached), systemCtx());

    const rows = await PaymentMethod.findAll({ where: { customerId: customer.id }, order: [['id', 'ASC']] });
    expect(rows.map((m) => [m.isDefault, m.detachedAt !== null])).to.deep.equal([[false, true], [true, false]]);
  });
});
