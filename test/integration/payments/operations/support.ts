import type { Express } from 'express';
import request from 'supertest';
import { config, loadConfig, setConfig, type Config } from '../../../../config/index.js';
import { runJob, type JobRun } from '../../../../src/jobs/runner.js';
import type { Job } from '../../../../src/jobs/job.js';
import { clock } from '../../../../src/lib/clock.js';
import { logger } from '../../../../src/lib/logger.js';
import { deliverDueOutbox } from '../../../../src/notify/deliver-due-outbox.js';
import { systemCtx, type Ctx } from '../../../../src/lib/context.js';
import { type Customer, Invoice, LedgerEntry, MailOutbox, PaymentMethod, type Subscription, type User } from '../../../../src/models/index.js';
import { ensureStripeCustomer } from '../../../../src/payments/operations/ensure-stripe-customer.js';
import { clearSettingsCache } from '../../../../src/settings/index.js';
import { resetDatabase } from '../../../support/db.js';
import { createInvoice } from '../../../factories/billing.js';
import { createService, createSubscription } from '../../../factories/commerce.js';
import { createCustomer, createStaff } from '../../../factories/identity.js';
import { startFakePaypal, type FakePaypal } from '../../../fakes/paypal/server.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe/server.js';

export const DAY = 86_400_000;

/** An empty database and no cached settings (a setting stored by the previous test must not linger). */
export async function resetPayments(): Promise<void> {
  await resetDatabase();
  clearSettingsCache();
}

/** Fake Stripe and PayPal, with the app's configuration pointed at them (restored by `stop`). */
export interface Rails {
  stripe: FakeStripe;
  paypal: FakePaypal;
  stop(): Promise<void>;
}

/** Starts both fakes and points `config().stripe` / `config().paypal` (and so the registry) at them. */
export async function startRails(): Promise<Rails> {
  const previous: Config = config();
  const [stripe, paypal] = await Promise.all([startFakeStripe(), startFakePaypal()]);
  setConfig(loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url,
    PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_WEBHOOK_ID: paypal.webhookId, PAYPAL_API_BASE: paypal.url,
  }));
  return {
    stripe,
    paypal,
    async stop() {
      setConfig(previous);
      await Promise.all([stripe.close(), paypal.close()]);
    },
  };
}

/** A customer with a Stripe customer on the fake and `cards` saved cards (the first one default). */
export async function customerWithCards(stripe: FakeStripe, cards = 1, traits: Parameters<typeof createCustomer>[1][] = []): Promise<{ customer: Customer; methods: PaymentMethod[] }> {
  const customer = await createCustomer({}, ...traits);
  await ensureStripeCustomer(customer, systemCtx());
  const methods: PaymentMethod[] = [];
  for (let i = 0; i < cards; i++) {
    const pm = stripe.addPaymentMethod(customer.stripeCustomerId ?? '', { brand: 'visa', last4: String(4242 + i), expMonth: 12, expYear: 2040 });
    methods.push(await PaymentMethod.create({ customerId: customer.id, gateway: 'stripe', gatewayToken: pm.id, kind: 'card', brand: 'visa', last4: String(4242 + i), expMonth: 12, expYear: 2040, isDefault: i === 0 }));
  }
  return { customer, methods };
}

/** An active subscription with one active service, and its renewal invoice (open) due at `dueAt`. */
export async function renewalDue(customer: Customer, dueAt: Date, attrs: Partial<Parameters<typeof createSubscription>[0]> = {}): Promise<{ subscription: Subscription; invoice: Invoice }> {
  const subscription = await createSubscription({ customer, ...attrs });
  await createService({ subscription });
  const invoice = await createInvoice({ subscription });
  await invoice.update({ dueAt });
  return { subscription, invoice };
}

/** An open manual invoice (10.00 unless lines say otherwise) of the customer. */
export function openInvoice(customer: Customer, attrs: Parameters<typeof createInvoice>[0] = {}): Promise<Invoice> {
  return createInvoice({ customer, ...attrs });
}

/** A staff context (admin unless another role is given). */
export async function staffCtx(role: 'admin' | 'finance' | 'support' = 'admin'): Promise<{ ctx: Ctx; staff: User }> {
  const staff = await createStaff(role);
  return { staff, ctx: systemCtx({ actor: { type: 'staff', userId: staff.id, role } }) };
}

/** A customer context for `customer`. */
export function customerCtx(customer: Customer): Ctx {
  return systemCtx({ actor: { type: 'customer', userId: customer.userId, role: 'customer' } });
}

/** Runs a job now (the test clock's now) under its lock, as the worker would. */
export function runAt(job: Job, at?: Date | string): Promise<JobRun> {
  if (at) clock.set(at);
  return runJob(job, { now: clock.now() });
}

/** The invoice as stored now. */
export async function reload(invoice: Invoice): Promise<Invoice> {
  return Invoice.findByPk(invoice.id, { rejectOnEmpty: true });
}

/** Payment ledger rows of an invoice. */
export function paymentsOf(invoiceId: number): Promise<LedgerEntry[]> {
  return LedgerEntry.findAll({ where: { invoiceId, kind: 'payment' }, order: [['id', 'ASC']] });
}

/** Fans out due domain events (receipts, failure notices) into mails, as the worker's `outbox:deliver` does. */
export async function deliverOutbox(): Promise<void> {
  await deliverDueOutbox(systemCtx(), logger());
}

/** Templates of the mails queued for a customer, in order (due domain events delivered first). */
export async function mailsOf(customer: Customer): Promise<string[]> {
  await deliverOutbox();
  return (await MailOutbox.findAll({ where: { userId: customer.userId }, order: [['id', 'ASC']] })).map((m) => m.template);
}

/** POSTs a signed delivery to the app's webhook endpoint. */
export function deliver(app: Express, gateway: 'stripe' | 'paypal', delivery: { rawBody: string; headers: Record<string, string> }) {
  return request(app).post(`/webhooks/${gateway}`).set(delivery.headers).send(delivery.rawBody);
}
