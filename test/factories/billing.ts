import type { CreationAttributes, Transaction } from 'sequelize';
import { formatSequenceNumber, nextNumber } from '../../src/db/sequences.js';
import { sequelize } from '../../src/db/sequelize.js';
import { clock } from '../../src/lib/clock.js';
import {
  BandwidthAlert,
  BandwidthOverage,
  BandwidthUsage,
  CouponRedemption,
  CreditNote,
  CreditNoteLine,
  Customer,
  FxRate,
  GatewayEvent,
  Invoice,
  InvoiceLine,
  InvoiceTax,
  LedgerEntry,
  PaymentAttempt,
  PaymentMethod,
  TaxRate,
  type Coupon,
  type Order,
  type Service,
  type Subscription,
} from '../../src/models/index.js';
import type { CreditNoteKind, CurrencyCode, InvoiceStatus } from '../../src/models/enums.js';
import { createCoupon } from './catalog.js';
import { createOrder, createService, createSubscription } from './commerce.js';
import { createCustomer } from './identity.js';

let seq = 0;
const unique = (): string => `${process.pid}-${++seq}`;
const DAY = 86_400_000;
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The VAT rate of invoices made with the 'taxed' trait. */
export const TEST_VAT_BP = 2000;

/** Draws the next invoice or credit-note number inside `t`, as production does (gap-free sequence rows). */
async function documentNumber(kind: 'invoice' | 'credit_note', t: Transaction): Promise<string> {
  return formatSequenceNumber(kind === 'invoice' ? 'INV-{SEQ:6}' : 'CN-{SEQ:6}', await nextNumber(kind, t), clock.now());
}

export type InvoiceTrait = 'draft' | 'open' | 'paid' | 'partiallyPaid' | 'void' | 'uncollectible' | 'overdue' | 'taxed' | 'disputed' | 'dunning';
export type InvoiceLineAttrs = Partial<CreationAttributes<InvoiceLine>>;
export type InvoiceAttrs = Partial<CreationAttributes<Invoice>> & { customer?: Customer; subscription?: Subscription; lines?: InvoiceLineAttrs[] };

const STATUS_TRAITS: Partial<Record<InvoiceTrait, InvoiceStatus>> = {
  draft: 'draft',
  open: 'open',
  overdue: 'open',
  dunning: 'open',
  partiallyPaid: 'open',
  paid: 'paid',
  void: 'void',
  uncollectible: 'uncollectible',
};

/**
 * An invoice with its lines on `invoice.lines` (a renewal of `subscription` for its current period when given, otherwise
 * a manual 10.00 line), totals summed from the lines, issued (numbered from the `invoice` sequence, due in 7 days) and
 * open by default. Traits: 'draft', 'open', 'overdue' (issued 14 days ago, due 7 days ago), 'dunning' (overdue, first
 * retry tomorrow), 'paid' / 'partiallyPaid' (Stripe payment rows in the ledger), 'void' (with a void credit note),
 * 'uncollectible', 'taxed' (20 % VAT on each positive line, with its invoice_taxes row), 'disputed'.
 */
export async function createInvoice(attrs: InvoiceAttrs = {}, ...traits: InvoiceTrait[]): Promise<Invoice> {
  const { customer: givenCustomer, subscription, lines: givenLines, ...rest } = attrs;
  const has = (t: InvoiceTrait) => traits.includes(t);
  const customerId = rest.customerId ?? subscription?.customerId;
  const customer = givenCustomer ?? (customerId ? await Customer.findByPk(customerId, { rejectOnEmpty: true }) : await createCustomer());
  const currency: CurrencyCode = rest.currency ?? subscription?.currency ?? customer.currency ?? 'USD';
  const status = rest.status ?? traits.map((t) => STATUS_TRAITS[t]).find(Boolean) ?? 'open';
  const now = clock.now();
  const period = subscription ? { periodStart: subscription.currentPeriodStart ?? now, periodEnd: subscription.currentPeriodEnd ?? now } : {};
  const lineSpecs: InvoiceLineAttrs[] = givenLines ?? [
    subscription
      ? { kind: 'plan', description: `Plan ${subscription.planId} (${subscription.cycle})`, unitAmountMinor: subscription.priceMinor, subscriptionId: subscription.id, planId: subscription.planId, ...period }
      : { kind: 'manual', description: 'Consulting hour', unitAmountMinor: 1000 },
  ];
  const lines = lineSpecs.map((spec, position) => {
    const quantity = spec.quantity ?? 1;
    const amountMinor = spec.amountMinor ?? (spec.unitAmountMinor ?? 0) * quantity;
    const taxed = has('taxed') && amountMinor > 0;
    return {
      kind: 'manual' as const,
      description: 'Line',
      unitAmountMinor: amountMinor,
      position,
      ...(taxed ? { taxRateBp: TEST_VAT_BP, taxMinor: Math.round((amountMinor * TEST_VAT_BP) / 10_000) } : {}),
      ...spec,
      quantity,
      amountMinor,
    };
  });
  const subtotalMinor = lines.filter((l) => l.kind !== 'discount').reduce((s, l) => s + l.amountMinor, 0);
  const discountMinor = -lines.filter((l) => l.kind === 'discount').reduce((s, l) => s + l.amountMinor, 0);
  const taxMinor = lines.reduce((s, l) => s + (l.taxMinor ?? 0), 0);
  const totalMinor = subtotalMinor - discountMinor + taxMinor;
  const issuedAt = has('overdue') || has('dunning') ? new Date(now.getTime() - 14 * DAY) : now;

  const invoice = await sequelize().transaction(async (transaction) => {
    const draft = await Invoice.create(
      {
        customerId: customer.id,
        subscriptionId: subscription?.id ?? null,
        kind: subscription ? 'renewal' : 'manual',
        currency,
        subtotalMinor,
        discountMinor,
        taxMinor,
        totalMinor,
        amountDueMinor: totalMinor,
        ...period,
        ...(subscription ? { idempotencyKey: `renewal:${subscription.id}:${(period.periodStart ?? now).toISOString()}` } : {}),
        seller: { name: 'EZSCALE LLC', country: 'US' },
        buyer: { name: customer.company ?? `Customer ${customer.id}`, country: customer.billingCountry },
        ...rest,
        status: 'draft',
      },
      { transaction },
    );
    draft.lines = await InvoiceLine.bulkCreate(lines.map((l) => ({ ...l, invoiceId: draft.id })), { transaction });
    if (has('taxed') && taxMinor !== 0) {
      await InvoiceTax.create({ invoiceId: draft.id, name: 'VAT', country: 'DE', rateBp: TEST_VAT_BP, taxableMinor: subtotalMinor - discountMinor, taxMinor }, { transaction });
    }
    if (status === 'draft') return draft;
    await draft.update(
      {
        number: await documentNumber('invoice', transaction),
        status: 'open',
        issuedAt,
        dueAt: new Date(issuedAt.getTime() + 7 * DAY),
        ...(has('dunning') ? { dunningStep: 1, nextRetryAt: new Date(now.getTime() + DAY) } : {}),
      },
      { transaction },
    );
    return draft;
  });

  const paid = has('paid') ? totalMinor : has('partiallyPaid') ? Math.floor(totalMinor / 2) : 0;
  if (paid > 0) {
    await createLedgerEntry({ customerId: customer.id, invoiceId: invoice.id, kind: 'payment', amountMinor: paid, currency });
    await invoice.update({ amountDueMinor: totalMinor - paid, ...(paid === totalMinor ? { status: 'paid' as const, paidAt: now } : {}) });
  }
  if (status === 'void') {
    await createCreditNote({ invoice, amountMinor: subtotalMinor - discountMinor, taxMinor }, 'void');
    await invoice.update({ status: 'void', voidedAt: now, voidReason: 'Issued in error', amountDueMinor: 0 });
  }
  if (status === 'uncollectible') await invoice.update({ status: 'uncollectible', uncollectibleAt: now });
  if (has('disputed')) await invoice.update({ disputed: true });
  return invoice;
}

/** A line on a draft invoice (a draft is created when not given): a manual 5.00 line unless given. */
export async function createInvoiceLine(attrs: InvoiceLineAttrs & { invoice?: Invoice } = {}): Promise<InvoiceLine> {
  const { invoice, ...rest } = attrs;
  const invoiceId = rest.invoiceId ?? (invoice ?? (await createInvoice({}, 'draft'))).id;
  const amountMinor = rest.amountMinor ?? rest.unitAmountMinor ?? 500;
  return InvoiceLine.create({ kind: 'manual', description: 'Extra work', unitAmountMinor: amountMinor, amountMinor, ...rest, invoiceId });
}

export type CreditNoteTrait = CreditNoteKind | 'toCredit' | 'toGateway';

/**
 * A credit note against `invoice` (a paid one is created when not given) for `amountMinor` (the invoice's subtotal
 * unless given) plus `taxMinor`, numbered from the `credit_note` sequence, with one line against the first invoice line.
 * Traits: the kind ('refund' by default, 'void', 'adjustment'), 'toGateway', 'toCredit' (where a refund goes).
 */
export async function createCreditNote(
  attrs: Partial<CreationAttributes<CreditNote>> & { invoice?: Invoice; amountMinor?: number } = {},
  ...traits: CreditNoteTrait[]
): Promise<CreditNote> {
  const { invoice: givenInvoice, amountMinor, ...rest } = attrs;
  const invoice = givenInvoice ?? (await createInvoice({}, 'paid'));
  const kind = (['void', 'adjustment'] as const).find((k) => traits.includes(k)) ?? 'refund';
  const refundTo = traits.includes('toCredit') ? 'credit' : traits.includes('toGateway') || kind === 'refund' ? 'gateway' : 'none';
  const subtotalMinor = amountMinor ?? invoice.subtotalMinor - invoice.discountMinor;
  const taxMinor = rest.taxMinor ?? 0;
  const firstLine = await InvoiceLine.findOne({ where: { invoiceId: invoice.id }, order: [['position', 'ASC']] });
  return sequelize().transaction(async (transaction) => {
    const note = await CreditNote.create(
      {
        number: await documentNumber('credit_note', transaction),
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        currency: invoice.currency,
        subtotalMinor,
        taxMinor,
        totalMinor: subtotalMinor + taxMinor,
        reason: kind === 'void' ? 'Issued in error' : 'Service outage',
        kind,
        refundTo,
        issuedAt: clock.now(),
        ...rest,
      },
      { transaction },
    );
    note.lines = [
      await CreditNoteLine.create(
        { creditNoteId: note.id, invoiceLineId: firstLine?.id ?? null, description: firstLine?.description ?? 'Credit', amountMinor: subtotalMinor, taxMinor },
        { transaction },
      ),
    ];
    return note;
  });
}

/** A ledger row (a 10.00 Stripe payment of a new customer unless given); the idempotency key is unique per call. */
export async function createLedgerEntry(attrs: Partial<CreationAttributes<LedgerEntry>> & { customer?: Customer; invoice?: Invoice } = {}): Promise<LedgerEntry> {
  const { customer, invoice, ...rest } = attrs;
  const customerId = rest.customerId ?? invoice?.customerId ?? (customer ?? (await createCustomer())).id;
  const n = unique();
  const kind = rest.kind ?? 'payment';
  const viaGateway = ['payment', 'refund', 'chargeback', 'chargeback_reversal'].includes(kind);
  return LedgerEntry.create({
    invoiceId: invoice?.id ?? null,
    kind,
    amountMinor: 1000,
    currency: invoice?.currency ?? 'USD',
    ...(viaGateway ? { gateway: 'stripe' as const, gatewayReference: `ch_test_${n}` } : {}),
    occurredAt: clock.now(),
    idempotencyKey: `test:${kind}:${n}`,
    ...rest,
    customerId,
  });
}

export type PaymentMethodTrait = 'default' | 'paypal' | 'sepa' | 'expired' | 'detached';

/** A saved Visa card on Stripe (of a new customer unless given). Traits: 'default', 'paypal', 'sepa', 'expired', 'detached'. */
export async function createPaymentMethod(
  attrs: Partial<CreationAttributes<PaymentMethod>> & { customer?: Customer } = {},
  ...traits: PaymentMethodTrait[]
): Promise<PaymentMethod> {
  const { customer, ...rest } = attrs;
  const customerId = rest.customerId ?? (customer ?? (await createCustomer())).id;
  const has = (t: PaymentMethodTrait) => traits.includes(t);
  const n = unique();
  const year = clock.now().getUTCFullYear();
  const card = !has('paypal') && !has('sepa');
  return PaymentMethod.create({
    gateway: has('paypal') ? 'paypal' : 'stripe',
    gatewayToken: has('paypal') ? `vault_${n}` : `pm_test_${n}`,
    kind: has('paypal') ? 'paypal' : has('sepa') ? 'sepa' : 'card',
    ...(card ? { brand: 'visa', last4: '4242', expMonth: 12, expYear: has('expired') ? year - 1 : year + 3 } : {}),
    ...(has('sepa') ? { last4: '3000' } : {}),
    ...(has('paypal') ? { label: `payer-${n}@example.test` } : {}),
    ...(has('default') ? { isDefault: true } : {}),
    ...(has('detached') ? { detachedAt: clock.now() } : {}),
    ...rest,
    customerId,
  });
}

export type PaymentAttemptTrait = 'succeeded' | 'failed' | 'hardDecline' | 'requiresAction' | 'cancelled' | 'offSession';

/**
 * An attempt to collect `invoice` (an open one is created when not given) through Stripe, pending unless a trait
 * says otherwise: 'succeeded', 'failed' (soft decline), 'hardDecline', 'requiresAction' (3-D Secure), 'cancelled', 'offSession'.
 */
export async function createPaymentAttempt(
  attrs: Partial<CreationAttributes<PaymentAttempt>> & { invoice?: Invoice } = {},
  ...traits: PaymentAttemptTrait[]
): Promise<PaymentAttempt> {
  const { invoice: givenInvoice, ...rest } = attrs;
  const has = (t: PaymentAttemptTrait) => traits.includes(t);
  const invoice = givenInvoice ?? (await createInvoice());
  const n = unique();
  const now = clock.now();
  const failed = has('failed') || has('hardDecline');
  const status = has('succeeded') ? 'succeeded' : failed ? 'failed' : has('requiresAction') ? 'requires_action' : has('cancelled') ? 'cancelled' : 'pending';
  return PaymentAttempt.create({
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    gateway: 'stripe',
    amountMinor: Math.max(invoice.amountDueMinor, 1),
    currency: invoice.currency,
    status,
    gatewayReference: `pi_test_${n}`,
    idempotencyKey: `attempt:${invoice.id}:${n}`,
    attemptedAt: now,
    ...(status === 'succeeded' || failed ? { completedAt: now } : {}),
    ...(failed ? { failureCode: has('hardDecline') ? 'stolen_card' : 'insufficient_funds', declineType: has('hardDecline') ? ('hard' as const) : ('soft' as const) } : {}),
    ...(has('requiresAction') ? { actionUrl: `https://hooks.stripe.test/3ds/${n}` } : {}),
    ...(has('offSession') ? { offSession: true } : {}),
    ...rest,
  });
}

/** A received Stripe webhook event (unique event id per call). Traits: 'processed', 'failed', 'ignored', 'paypal'. */
export async function createGatewayEvent(
  attrs: Partial<CreationAttributes<GatewayEvent>> = {},
  ...traits: Array<'processed' | 'failed' | 'ignored' | 'paypal'>
): Promise<GatewayEvent> {
  const n = unique();
  const now = clock.now();
  const paypal = traits.includes('paypal');
  const status = (['processed', 'failed', 'ignored'] as const).find((t) => traits.includes(t)) ?? 'received';
  const type = paypal ? 'PAYMENT.CAPTURE.COMPLETED' : 'payment_intent.succeeded';
  return GatewayEvent.create({
    gateway: paypal ? 'paypal' : 'stripe',
    eventId: paypal ? `WH-${n}` : `evt_test_${n}`,
    type,
    objectId: paypal ? `CAPTURE-${n}` : `pi_test_${n}`,
    payload: { id: n, type },
    status,
    receivedAt: now,
    ...(status === 'received' ? {} : { attempts: 1, processedAt: now }),
    ...(status === 'failed' ? { error: 'Invoice not found', nextAttemptAt: new Date(now.getTime() + 60_000) } : {}),
    ...attrs,
  });
}

/** A redemption of `coupon` by `customer` on `order` (each created when not given), 1.00 off in USD. */
export async function createCouponRedemption(
  attrs: Partial<CreationAttributes<CouponRedemption>> & { coupon?: Coupon; customer?: Customer; order?: Order; invoice?: Invoice } = {},
): Promise<CouponRedemption> {
  const { coupon, customer, order, invoice, ...rest } = attrs;
  const theCustomer = customer ?? (await createCustomer());
  return CouponRedemption.create({
    couponId: (coupon ?? (await createCoupon())).id,
    customerId: theCustomer.id,
    orderId: rest.orderId !== undefined ? rest.orderId : (order ?? (await createOrder({ customer: theCustomer }))).id,
    invoiceId: invoice?.id ?? null,
    amountMinor: 100,
    currency: 'USD',
    redeemedAt: clock.now(),
    ...rest,
  });
}

/** A tax rate (German VAT 19 % unless given). Traits: 'inclusive', 'inactive', 'expired'. */
export function createTaxRate(attrs: Partial<CreationAttributes<TaxRate>> = {}, ...traits: Array<'inclusive' | 'inactive' | 'expired'>): Promise<TaxRate> {
  const now = clock.now().getTime();
  return TaxRate.create({
    country: 'DE',
    name: 'VAT',
    rateBp: 1900,
    ...(traits.includes('inclusive') ? { inclusive: true } : {}),
    ...(traits.includes('inactive') ? { active: false } : {}),
    ...(traits.includes('expired') ? { validFrom: new Date(now - 400 * DAY), validUntil: new Date(now - DAY) } : {}),
    ...attrs,
  });
}

/** An exchange rate (1 USD = 0.92 EUR today unless given). */
export function createFxRate(attrs: Partial<CreationAttributes<FxRate>> = {}): Promise<FxRate> {
  return FxRate.create({ base: 'USD', quote: 'EUR', rateMicros: 920_000, effectiveOn: isoDay(clock.now()), source: 'test', ...attrs });
}

/** A day of traffic of a service (created when not given): 1 GB in, 2 GB out, today unless `day`. */
export async function createBandwidthUsage(attrs: Partial<CreationAttributes<BandwidthUsage>> & { service?: Service } = {}): Promise<BandwidthUsage> {
  const { service, ...rest } = attrs;
  const serviceId = rest.serviceId ?? (service ?? (await createService())).id;
  return BandwidthUsage.create({ day: isoDay(clock.now()), bytesIn: 1e9, bytesOut: 2e9, collectedAt: clock.now(), ...rest, serviceId });
}

/** A sent quota alert of a service (created when not given) for the cycle starting today, at 75 % unless given. */
export async function createBandwidthAlert(attrs: Partial<CreationAttributes<BandwidthAlert>> & { service?: Service } = {}): Promise<BandwidthAlert> {
  const { service, ...rest } = attrs;
  const serviceId = rest.serviceId ?? (service ?? (await createService())).id;
  return BandwidthAlert.create({ cycleStart: isoDay(clock.now()), thresholdPercent: 75, usedBytes: 750e9, quotaBytes: 1000e9, sentAt: clock.now(), ...rest, serviceId });
}

/**
 * The overage of a metered service (created when not given) for the 30 days before today: 1200 GB used of 1000 GB, at
 * 0.50/GB = 100.00. Traits: 'invoiced' (on a new open overage invoice), 'waived'.
 */
export async function createBandwidthOverage(
  attrs: Partial<CreationAttributes<BandwidthOverage>> & { service?: Service } = {},
  ...traits: Array<'invoiced' | 'waived'>
): Promise<BandwidthOverage> {
  const { service: givenService, ...rest } = attrs;
  const service = givenService ?? (await createService({ subscription: await createSubscription() }));
  const now = clock.now();
  const GB = 1e9;
  const invoice = traits.includes('invoiced')
    ? await createInvoice({ customerId: service.customerId, kind: 'overage', lines: [{ kind: 'overage', description: 'Bandwidth overage 200 GB', unitAmountMinor: 50, quantity: 200 }] })
    : undefined;
  return BandwidthOverage.create({
    serviceId: service.id,
    subscriptionId: service.subscriptionId,
    cycleStart: isoDay(new Date(now.getTime() - 30 * DAY)),
    cycleEnd: isoDay(now),
    quotaBytes: 1000 * GB,
    usedBytes: 1200 * GB,
    overageBytes: 200 * GB,
    rateMinorPerGb: 50,
    amountMinor: 10_000,
    currency: 'USD',
    ...(invoice ? { status: 'invoiced' as const, invoiceId: invoice.id } : {}),
    ...(traits.includes('waived') ? { status: 'waived' as const, waiveReason: 'Goodwill' } : {}),
    ...rest,
  });
}
