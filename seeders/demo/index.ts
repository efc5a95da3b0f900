import { Op } from 'sequelize';
import { hashPassword } from '../../src/auth/passwords.js';
import { activateOrderOnPayment } from '../../src/billing/orders/activate-order-on-payment.js';
import { placeOrder } from '../../src/billing/orders/place-order.js';
import { recordPayment } from '../../src/billing/ledger/record-payment.js';
import { findJob } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { clock } from '../../src/lib/clock.js';
import { systemCtx } from '../../src/lib/context.js';
import { Customer, Invoice, Plan, ProvisioningTask, Service, User } from '../../src/models/index.js';
import type { BillingCycle } from '../../src/models/enums.js';
import { COMPANIES, FIRST_NAMES, LAST_NAMES, PLACES, seededRandom } from './people.js';
import { seedDemoTickets } from './tickets.js';

const DAY = 86_400_000;
export const DEMO_DOMAIN = 'demo.ezscale.cloud';
export const DEMO_PASSWORD = 'demo-password-1';

export interface DemoSummary {
  skipped?: boolean;
  customers: number;
  orders: number;
  invoices: number;
  paidInvoices: number;
  tickets: number;
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

/** Demo servers show addresses from the documentation ranges (RFC 5737), never real ones. */
async function markServicesRunning(orderSubscriptionIds: number[], rand: Rand): Promise<void> {
  const services = await Service.findAll({ where: { subscriptionId: orderSubscriptionIds } });
  for (const s of services) {
    const ip = `${pick(rand, ['192.0.2', '198.51.100', '203.0.113'])}.${1 + Math.floor(rand() * 250)}`;
    await ProvisioningTask.update({ status: 'cancelled', lastError: 'demo data: marked running by the demo seed' }, { where: { serviceId: s.id, status: 'pending' } });
    await s.update({ status: 'active', primaryIp: ip, ipAddresses: [ip], hostname: s.hostname ?? `srv${s.id}.${DEMO_DOMAIN}`, provisionedAt: clock.now(), externalId: `demo-${s.id}` });
  }
}

/** Pays the open invoices whose due date has passed, most of them; a few stay unpaid (overdue accounts). */
async function payDueInvoices(rand: Rand): Promise<void> {
  const due = await Invoice.findAll({ where: { status: 'open', dueAt: { [Op.lte]: new Date(clock.now().getTime() + 3 * DAY) } } });
  for (const inv of due) {
    if (rand() < 0.12) continue;
    const ctx = systemCtx();
    await recordPayment(
      { invoiceId: inv.id, amountMinor: inv.amountDueMinor, currency: inv.currency, gateway: pick(rand, ['bank_transfer', 'stripe', 'paypal'] as const), gatewayReference: `demo_${inv.id}`, idempotencyKey: `demo:payment:${inv.id}`, occurredAt: ctx.now },
      ctx,
    );
    if (inv.kind === 'order') {
      const activation = await activateOrderOnPayment(inv.id, systemCtx());
      await markServicesRunning(activation.subscriptions.map((sub) => sub.id), rand);
    }
  }
}

/** A believable business: customers signing up over eight months, orders, renewals, payments, a few unpaid, tickets. */
export async function seedDemo(opts: { customers?: number; months?: number } = {}): Promise<DemoSummary> {
  const count = opts.customers ?? 40;
  if (await User.count({ where: { email: { [Op.like]: `%@${DEMO_DOMAIN}` } } })) {
    return { skipped: true, customers: 0, orders: 0, invoices: 0, paidInvoices: 0, tickets: 0 };
  }
  const rand = seededRandom(20261125);
  const end = clock.now();
  const start = new Date(end.getTime() - (opts.months ?? 8) * 30 * DAY);
  const plans = await Plan.findAll({ where: { archivedAt: null, visibility: 'public' } });
  if (!plans.length) throw new Error('The catalog is empty: run `npm run cli -- seed` first');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const renew = findJob('billing:renew');
  const signups = Array.from({ length: count }, (_, i) => new Date(start.getTime() + Math.floor(((i + rand()) / count) * (end.getTime() - start.getTime() - 7 * DAY))));
  let orders = 0;
  const customers: Customer[] = [];
  try {
    for (let week = start.getTime(), i = 0; week <= end.getTime(); week += 7 * DAY) {
      for (; i < count && (signups[i] as Date).getTime() < week + 7 * DAY; i++) {
        clock.set(signups[i] as Date);
        const place = pick(rand, PLACES);
        const first = pick(rand, FIRST_NAMES);
        const last = pick(rand, LAST_NAMES);
        const company = pick(rand, COMPANIES);
        const user = await User.create({ email: `${first}.${last}.${i}@${DEMO_DOMAIN}`.toLowerCase(), passwordHash, firstName: first, lastName: last, emailVerifiedAt: clock.now() });
        const customer = await Customer.create({ userId: user.id, company, isBusiness: !!company, billingLine1: `${10 + i} Market Street`, billingCity: place.city, billingRegion: place.region, billingPostalCode: String(10000 + i * 37), billingCountry: place.country, currency: place.currency, signupCountry: place.country });
        customers.push(customer);
        const plan = pick(rand, plans);
        const cycle: BillingCycle = rand() < 0.75 ? 'monthly' : pick(rand, ['quarterly', 'annual'] as const);
        const placed = await placeOrder({ customerId: customer.id, currency: place.currency, items: [{ planId: plan.id, cycle, config: { hostname: `srv${i}.${DEMO_DOMAIN}`, domain: plan.type === 'web' ? `${last.toLowerCase()}${i}.example.com` : undefined } }], idempotencyKey: `demo:order:${i}` }, systemCtx());
        orders++;
        if (placed.invoice && rand() < 0.92) {
          await recordPayment({ invoiceId: placed.invoice.id, amountMinor: placed.invoice.amountDueMinor, currency: placed.invoice.currency, gateway: 'stripe', gatewayReference: `demo_${placed.invoice.id}`, idempotencyKey: `demo:payment:${placed.invoice.id}`, occurredAt: clock.now() }, systemCtx());
          const activation = await activateOrderOnPayment(placed.invoice.id, systemCtx());
          await markServicesRunning(activation.subscriptions.map((s) => s.id), rand);
        }
      }
      clock.set(new Date(Math.min(week + 7 * DAY - 1, end.getTime())));
      if (renew) await runJob(renew, { now: clock.now() });
      await payDueInvoices(rand);
    }
    const tickets = await seedDemoTickets(customers, rand, start, end);
    return {
      customers: customers.length,
      orders,
      invoices: await Invoice.count(),
      paidInvoices: await Invoice.count({ where: { status: 'paid' } }),
      tickets,
    };
  } finally {
    clock.reset();
  }
}
