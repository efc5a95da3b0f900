import { expect } from 'chai';
import { isUniqueViolation } from '../../../src/db/transaction.js';
import { clock } from '../../../src/lib/clock.js';
import {
  AddonPrice,
  BandwidthOverage,
  ConfigOptionPrice,
  CouponAmount,
  Invoice,
  InvoiceLine,
  LedgerEntry,
  Plan,
  PlanPrice,
  Sequence,
  Service,
  SubscriptionAddon,
  SubscriptionOption,
} from '../../../src/models/index.js';
import {
  createBandwidthAlert,
  createBandwidthOverage,
  createBandwidthUsage,
  createCouponRedemption,
  createCreditNote,
  createFxRate,
  createGatewayEvent,
  createInvoice,
  createInvoiceLine,
  createLedgerEntry,
  createPaymentAttempt,
  createPaymentMethod,
} from '../../factories/billing.js';
import {
  createAddon,
  createAddonPrice,
  createConfigOption,
  createConfigOptionPrice,
  createCoupon,
  createCouponAmount,
  createPlan,
  createPlanAddon,
  createPlanConfigOption,
  createPlanPrice,
} from '../../factories/catalog.js';
import { createOrder, createProvisioningTask, createService, createSubscription, createSubscriptionAddon, createSubscriptionOption } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';

/** The error `work` fails with (or undefined). */
async function failureOf(work: () => Promise<unknown>): Promise<(Error & { code?: string }) | undefined> {
  return work().then(
    () => undefined,
    (err: Error & { code?: string }) => err,
  );
}

/** Every unique key of the catalog, commerce, billing and usage tables: index name -> [table, ...columns]. */
const KEYS: Record<string, [string, ...string[]]> = {
  plans_slug_unique: ['plans', 'slug'],
  plan_prices_plan_cycle_currency_unique: ['plan_prices', 'plan_id', 'cycle', 'currency'],
  config_options_code_unique: ['config_options', 'code'],
  config_option_prices_unique: ['config_option_prices', 'option_id', 'choice', 'cycle', 'currency'],
  plan_config_options_plan_option_unique: ['plan_config_options', 'plan_id', 'option_id'],
  addons_code_unique: ['addons', 'code'],
  addon_prices_addon_cycle_currency_unique: ['addon_prices', 'addon_id', 'cycle', 'currency'],
  plan_addons_plan_addon_unique: ['plan_addons', 'plan_id', 'addon_id'],
  coupons_code_unique: ['coupons', 'code'],
  coupon_amounts_coupon_currency_unique: ['coupon_amounts', 'coupon_id', 'currency'],
  orders_number_unique: ['orders', 'number'],
  orders_idempotency_unique: ['orders', 'idempotency_key'],
  subscription_options_sub_option_unique: ['subscription_options', 'subscription_id', 'option_id'],
  subscription_addons_sub_addon_unique: ['subscription_addons', 'subscription_id', 'addon_id'],
  services_subscription_type_unique: ['services', 'subscription_id', 'service_type'],
  services_reference_unique: ['services', 'reference'],
  provisioning_tasks_idempotency_unique: ['provisioning_tasks', 'idempotency_key'],
  PRIMARY: ['sequences', 'name'],
  invoices_number_unique: ['invoices', 'number'],
  invoices_idempotency_unique: ['invoices', 'idempotency_key'],
  credit_notes_number_unique: ['credit_notes', 'number'],
  credit_notes_idempotency_unique: ['credit_notes', 'idempotency_key'],
  ledger_entries_idempotency_unique: ['ledger_entries', 'idempotency_key'],
  payment_attempts_idempotency_unique: ['payment_attempts', 'idempotency_key'],
  payment_methods_gateway_token_unique: ['payment_methods', 'gateway', 'gateway_token'],
  gateway_events_gateway_event_unique: ['gateway_events', 'gateway', 'event_id'],
  coupon_redemptions_coupon_order_unique: ['coupon_redemptions', 'coupon_id', 'order_id'],
  coupon_redemptions_coupon_invoice_unique: ['coupon_redemptions', 'coupon_id', 'invoice_id'],
  fx_rates_pair_day_unique: ['fx_rates', 'base', 'quote', 'effective_on'],
  bandwidth_usage_service_day_unique: ['bandwidth_usage', 'service_id', 'day'],
  bandwidth_alerts_service_cycle_threshold_unique: ['bandwidth_alerts', 'service_id', 'cycle_start', 'threshold_percent'],
  bandwidth_overages_service_cycle_unique: ['bandwidth_overages', 'service_id', 'cycle_start'],
};

/**
 * Asserts that `error` is the violation of unique key `index` and of no other constraint: SQLite names the columns
 * ("UNIQUE constraint failed: t.a, t.b"; it also reports NOT NULL and CHECK failures as unique violations), MySQL and
 * MariaDB name the index ("Duplicate entry ... for key 'index'").
 */
function expectRefusedBy(index: string, error: unknown): void {
  expect(error, 'the duplicate was accepted').to.be.instanceOf(Error);
  expect(isUniqueViolation(error), String(error)).to.equal(true);
  const [table, ...columns] = KEYS[index];
  const message = (error as { parent?: Error }).parent?.message ?? String(error);
  const sqlite = `UNIQUE constraint failed: ${columns.map((c) => `${table}.${c}`).join(', ')}`;
  const mysql = new RegExp(`Duplicate entry .* for key '(${table}\\.)?${index}'`);
  expect(message.includes(sqlite) || mysql.test(message), `${message} does not name ${index}`).to.equal(true);
}

/** Runs `create` twice: the first succeeds, the second must be refused by unique key `index`. */
async function expectDuplicateRejected(index: string, create: () => Promise<unknown>): Promise<void> {
  await create();
  expectRefusedBy(index, await failureOf(create));
}

// NOTE: one reset per block rather than per test (a reset empties every table, about half a second on SQLite):
// each test makes its own rows with values no other test uses, and counts only its own rows.
describe('unique keys (catalog, commerce, billing, usage)', () => {
  before(resetDatabase);

  describe('catalog', () => {
    it('when two plans share a slug, then the second is refused', async () => {
      await expectDuplicateRejected('plans_slug_unique', () => createPlan({ slug: 'vps-start' }));
    });

    it('when a plan gets a second price for the same cycle and currency, then it is refused (another currency is fine)', async () => {
      const plan = await createPlan({}, 'noPrices');
      await expectDuplicateRejected('plan_prices_plan_cycle_currency_unique', () => createPlanPrice({ plan, cycle: 'annual', currency: 'EUR' }));
      await createPlanPrice({ plan, cycle: 'annual', currency: 'GBP' });
      expect(await PlanPrice.count({ where: { planId: plan.id } })).to.equal(2);
    });

    it('when two config options share a code, then the second is refused', async () => {
      await expectDuplicateRejected('config_options_code_unique', () => createConfigOption({ code: 'extra_ram_gb' }, 'noPrices'));
    });

    it('when a config option choice is priced twice for a cycle and currency, then the second is refused (another choice is fine)', async () => {
      const option = await createConfigOption({}, 'select', 'noPrices');
      await expectDuplicateRejected('config_option_prices_unique', () => createConfigOptionPrice({ option, choice: 'windows', cycle: 'monthly', currency: 'USD' }));
      await createConfigOptionPrice({ option, choice: 'linux', cycle: 'monthly', currency: 'USD', unitAmountMinor: 0 });
      expect(await ConfigOptionPrice.count({ where: { optionId: option.id } })).to.equal(2);
    });

    it('when an option is offered twice on a plan, then the second is refused', async () => {
      const [plan, option] = [await createPlan(), await createConfigOption()];
      await expectDuplicateRejected('plan_config_options_plan_option_unique', () => createPlanConfigOption({ plan, option }));
    });

    it('when two addons share a code, then the second is refused', async () => {
      await expectDuplicateRejected('addons_code_unique', () => createAddon({ code: 'backups' }, 'noPrices'));
    });

    it('when an addon gets a second price for the same cycle and currency, then it is refused', async () => {
      const addon = await createAddon({}, 'noPrices');
      await expectDuplicateRejected('addon_prices_addon_cycle_currency_unique', () => createAddonPrice({ addon, cycle: 'quarterly', currency: 'USD' }));
      expect(await AddonPrice.count({ where: { addonId: addon.id } })).to.equal(1);
    });

    it('when an addon is offered twice on a plan, then the second is refused', async () => {
      const [plan, addon] = [await createPlan(), await createAddon()];
      await expectDuplicateRejected('plan_addons_plan_addon_unique', () => createPlanAddon({ plan, addon }));
    });

    it('when two coupons share a code (in any case), then the second is refused', async () => {
      await createCoupon({ code: 'launch50' });
      expectRefusedBy('coupons_code_unique', await failureOf(() => createCoupon({ code: 'LAUNCH50' })));
    });

    it('when a fixed coupon gets two amounts in one currency, then the second is refused', async () => {
      const coupon = await createCoupon({}, 'fixed', 'noAmounts');
      await expectDuplicateRejected('coupon_amounts_coupon_currency_unique', () => createCouponAmount({ coupon, currency: 'EUR' }));
      expect(await CouponAmount.count({ where: { couponId: coupon.id } })).to.equal(1);
    });
  });

  describe('commerce', () => {
    it('when two orders share a number, then the second is refused', async () => {
      const customer = await createCustomer();
      const plan = await createPlan();
      await expectDuplicateRejected('orders_number_unique', () => createOrder({ customer, plan, number: 'ORD-TEST-1' }));
    });

    it('when a checkout is submitted twice with one idempotency key, then one order exists (orders without a key are fine)', async () => {
      const customer = await createCustomer();
      const plan = await createPlan();
      await expectDuplicateRejected('orders_idempotency_unique', () => createOrder({ customer, plan, idempotencyKey: 'checkout:abc' }));
      await createOrder({ customer, plan });
      await createOrder({ customer, plan });
    });

    it('when a subscription gets the same config option twice, then the second is refused', async () => {
      const [subscription, option] = [await createSubscription(), await createConfigOption()];
      await expectDuplicateRejected('subscription_options_sub_option_unique', () => createSubscriptionOption({ subscription, option }));
      expect(await SubscriptionOption.count({ where: { subscriptionId: subscription.id } })).to.equal(1);
    });

    it('when a subscription gets the same addon twice, then the second is refused', async () => {
      const [subscription, addon] = [await createSubscription(), await createAddon()];
      await expectDuplicateRejected('subscription_addons_sub_addon_unique', () => createSubscriptionAddon({ subscription, addon }));
      expect(await SubscriptionAddon.count({ where: { subscriptionId: subscription.id } })).to.equal(1);
    });

    it('when provisioning runs twice for a subscription, then one service of its type exists, even once archived', async () => {
      const subscription = await createSubscription();
      await expectDuplicateRejected('services_subscription_type_unique', () => createService({ subscription }));
      const [service] = await Service.findAll({ where: { subscriptionId: subscription.id } });
      await service.destroy();
      expectRefusedBy('services_subscription_type_unique', await failureOf(() => createService({ subscription })));
    });

    it('when two services share a panel reference, then the second is refused', async () => {
      await expectDuplicateRejected('services_reference_unique', () => createService({ reference: 'ezs-100001' }));
    });

    it('when a provisioning task is requested twice with one idempotency key, then the second is refused', async () => {
      const service = await createService({}, 'pending');
      await expectDuplicateRejected('provisioning_tasks_idempotency_unique', () => createProvisioningTask({ service, idempotencyKey: `create:${service.id}` }));
    });
  });

  describe('billing', () => {
    it('when a sequence is created twice, then the second is refused', async () => {
      await expectDuplicateRejected('PRIMARY', () => Sequence.create({ name: 'invoice:2030' }));
    });

    it('when two invoices share a number, then the second is refused (drafts without a number are fine)', async () => {
      const customer = await createCustomer();
      const first = await createInvoice({ customer });
      expectRefusedBy('invoices_number_unique', await failureOf(() => createInvoice({ customer, number: first.number })));
      await createInvoice({ customer }, 'draft');
      await createInvoice({ customer }, 'draft');
      expect(await Invoice.count({ where: { customerId: customer.id, number: null } })).to.equal(2);
    });

    it('when a renewal invoice is generated twice for a subscription and period, then the second is refused', async () => {
      const subscription = await createSubscription();
      await expectDuplicateRejected('invoices_idempotency_unique', () => createInvoice({ subscription }));
    });

    it('when two credit notes share a number, then the second is refused', async () => {
      const invoice = await createInvoice({}, 'paid');
      await expectDuplicateRejected('credit_notes_number_unique', () => createCreditNote({ invoice, number: 'CN-TEST-1', amountMinor: 100 }));
    });

    it('when a credit note is issued twice with one idempotency key, then the second is refused', async () => {
      const invoice = await createInvoice({}, 'paid');
      await expectDuplicateRejected('credit_notes_idempotency_unique', () => createCreditNote({ invoice, idempotencyKey: `refund:${invoice.id}:1`, amountMinor: 100 }));
    });

    it('when a payment is recorded twice with one idempotency key, then the ledger holds it once', async () => {
      const invoice = await createInvoice();
      await expectDuplicateRejected('ledger_entries_idempotency_unique', () => createLedgerEntry({ invoice, idempotencyKey: 'stripe:charge:ch_1' }));
      expect(await LedgerEntry.count({ where: { invoiceId: invoice.id } })).to.equal(1);
    });

    it('when a payment attempt is made twice with one idempotency key, then the second is refused', async () => {
      const invoice = await createInvoice();
      await expectDuplicateRejected('payment_attempts_idempotency_unique', () => createPaymentAttempt({ invoice, idempotencyKey: `dunning:${invoice.id}:1` }));
    });

    it('when a gateway token is saved twice, then the second is refused (the same token on another gateway is fine)', async () => {
      const customer = await createCustomer();
      await expectDuplicateRejected('payment_methods_gateway_token_unique', () => createPaymentMethod({ customer, gatewayToken: 'pm_123' }));
      await createPaymentMethod({ customer, gateway: 'paypal', kind: 'paypal', gatewayToken: 'pm_123' });
    });

    it('when a webhook event arrives twice, then it is recorded once (the same id from another gateway is fine)', async () => {
      await expectDuplicateRejected('gateway_events_gateway_event_unique', () => createGatewayEvent({ gateway: 'stripe', eventId: 'evt_1' }));
      await createGatewayEvent({ gateway: 'paypal', eventId: 'evt_1' });
    });

    it('when a coupon is redeemed twice on one order, then the second is refused', async () => {
      const [coupon, customer] = [await createCoupon(), await createCustomer()];
      const order = await createOrder({ customer });
      await expectDuplicateRejected('coupon_redemptions_coupon_order_unique', () => createCouponRedemption({ coupon, customer, order }));
    });

    it('when a coupon is recorded twice on one invoice (a renewal), then the second is refused (rows without an invoice are fine)', async () => {
      const [coupon, customer] = [await createCoupon(), await createCustomer()];
      const invoice = await createInvoice({ customer });
      await expectDuplicateRejected('coupon_redemptions_coupon_invoice_unique', () => createCouponRedemption({ coupon, customer, invoice, orderId: null, renewal: true }));
      await createCouponRedemption({ coupon, customer });
      await createCouponRedemption({ coupon, customer });
    });

    it('when a rate is stored twice for a pair and day, then the second is refused (the reverse pair is fine)', async () => {
      await expectDuplicateRejected('fx_rates_pair_day_unique', () => createFxRate({ base: 'USD', quote: 'EUR', effectiveOn: '2030-01-02' }));
      await createFxRate({ base: 'EUR', quote: 'USD', effectiveOn: '2030-01-02', rateMicros: 1_086_957 });
    });
  });

  describe('usage', () => {
    it('when a service day is collected twice, then the second row is refused', async () => {
      const service = await createService();
      await expectDuplicateRejected('bandwidth_usage_service_day_unique', () => createBandwidthUsage({ service, day: '2030-01-02' }));
    });

    it('when an alert is sent twice for a service, cycle and threshold, then the second is refused (the next threshold is fine)', async () => {
      const service = await createService();
      await expectDuplicateRejected('bandwidth_alerts_service_cycle_threshold_unique', () => createBandwidthAlert({ service, cycleStart: '2030-01-01', thresholdPercent: 90 }));
      await createBandwidthAlert({ service, cycleStart: '2030-01-01', thresholdPercent: 100 });
    });

    it('when an overage is computed twice for a service and cycle, then the second is refused', async () => {
      const service = await createService({}, 'active');
      await expectDuplicateRejected('bandwidth_overages_service_cycle_unique', () => createBandwidthOverage({ service, cycleStart: '2030-01-01', cycleEnd: '2030-02-01' }));
    });
  });
});

describe('row guards (catalog, commerce, billing)', () => {
  before(resetDatabase);

  it('when an issued invoice has its total changed, then it is refused, directly or through a bulk update', async () => {
    const invoice = await createInvoice({}, 'open');
    const direct = await failureOf(() => invoice.update({ totalMinor: invoice.totalMinor + 1, amountDueMinor: 0 }));
    expect(direct?.code).to.equal('invoice_immutable');
    const bulk = await failureOf(() => Invoice.update({ currency: 'EUR' }, { where: { id: invoice.id } }));
    expect(bulk?.code).to.equal('invoice_immutable');
    const partial = await Invoice.findByPk(invoice.id, { attributes: ['id', 'totalMinor'], rejectOnEmpty: true });
    expect((await failureOf(() => partial.update({ totalMinor: 1 })))?.code).to.equal('invoice_immutable');
    expect((await Invoice.findByPk(invoice.id))?.currency).to.equal('USD');
  });

  it('when an issued invoice is paid, then its status, payment date and balance change', async () => {
    const invoice = await createInvoice({}, 'paid');
    const stored = await Invoice.findByPk(invoice.id, { rejectOnEmpty: true });
    expect([stored.status, stored.amountDueMinor, stored.paidAt !== null]).to.deep.equal(['paid', 0, true]);
  });

  it('when a draft invoice is rebuilt, then its lines and totals may change', async () => {
    const invoice = await createInvoice({}, 'draft');
    const line = await createInvoiceLine({ invoice, unitAmountMinor: 250 });
    await line.update({ amountMinor: 300, unitAmountMinor: 300 });
    await invoice.update({ subtotalMinor: 1300, totalMinor: 1300, amountDueMinor: 1300 });
    expect((await Invoice.findByPk(invoice.id, { rejectOnEmpty: true })).totalMinor).to.equal(1300);
  });

  it('when the lines of an issued invoice are added, changed or deleted, then each is refused', async () => {
    const invoice = await createInvoice({}, 'open');
    const [line] = invoice.lines ?? [];
    expect((await failureOf(() => createInvoiceLine({ invoice })))?.code).to.equal('invoice_immutable');
    expect((await failureOf(() => line.update({ amountMinor: 1 })))?.code).to.equal('invoice_immutable');
    expect((await failureOf(() => line.destroy()))?.code).to.equal('invoice_immutable');
    expect((await failureOf(() => InvoiceLine.destroy({ where: { invoiceId: invoice.id } })))?.code).to.equal('invoice_immutable');
    expect(await InvoiceLine.count({ where: { invoiceId: invoice.id } })).to.equal(1);
  });

  it('when a ledger entry is changed or deleted, then it is refused; its memo may be annotated', async () => {
    const entry = await createLedgerEntry();
    expect((await failureOf(() => entry.update({ amountMinor: 1 })))?.code).to.equal('ledger_append_only');
    expect((await failureOf(() => LedgerEntry.destroy({ where: { id: entry.id } })))?.code).to.equal('ledger_append_only');
    await entry.reload();
    await entry.update({ memo: 'Matched to bank statement 42' });
    expect((await LedgerEntry.findByPk(entry.id, { rejectOnEmpty: true })).amountMinor).to.equal(1000);
  });

  it('when a ledger amount is zero, then the model and the database both refuse it', async () => {
    const customer = await createCustomer();
    expect((await failureOf(() => createLedgerEntry({ customer, amountMinor: 0 })))?.name).to.equal('SequelizeValidationError');
    const raw = await failureOf(() => LedgerEntry.create({ customerId: customer.id, kind: 'payment', amountMinor: 0, currency: 'USD', occurredAt: clock.now(), idempotencyKey: 'zero' }, { validate: false }));
    // NOTE: SQLite reports a failed CHECK as SequelizeUniqueConstraintError, MariaDB as SequelizeDatabaseError; both name the constraint.
    const cause = raw as (Error & { parent?: Error }) | undefined;
    expect(cause?.parent?.message ?? cause?.message).to.contain('ledger_entries_amount_positive');
    expect(await LedgerEntry.count({ where: { customerId: customer.id } })).to.equal(0);
  });

  it('when a row breaks a rule across columns, then it is refused; a bulk update of other columns is not', async () => {
    const customer = await createCustomer();
    const unnumbered = await failureOf(() => Invoice.create({ customerId: customer.id, kind: 'manual', currency: 'USD', status: 'open' }));
    expect(unnumbered?.code).to.equal('invoice_invalid');
    const overDue = await failureOf(() => Invoice.create({ customerId: customer.id, kind: 'manual', currency: 'USD', totalMinor: 100, amountDueMinor: 101 }));
    expect(overDue?.code).to.equal('invoice_invalid');
    const invoice = await createInvoice({ customer }, 'overdue');
    await Invoice.update({ nextRetryAt: clock.now(), dunningStep: 2 }, { where: { id: invoice.id } });
    const overage = await createBandwidthOverage();
    await BandwidthOverage.update({ status: 'waived', waiveReason: 'Goodwill' }, { where: { id: overage.id } });
    expect((await BandwidthOverage.findByPk(overage.id, { rejectOnEmpty: true })).status).to.equal('waived');
  });

  it('when a money row names an unknown currency or a negative amount, or a plan an unknown type, then it is refused', async () => {
    const plan = await createPlan({}, 'noPrices');
    expect((await failureOf(() => createPlanPrice({ plan, currency: 'XXX' as never })))?.name).to.equal('SequelizeValidationError');
    expect((await failureOf(() => createPlanPrice({ plan, amountMinor: -1 })))?.name).to.equal('SequelizeValidationError');
    expect((await failureOf(() => Plan.create({ slug: 'odd', name: 'Odd', type: 'toaster' as never, driver: 'manual' })))?.name).to.equal('SequelizeValidationError');
  });
});
