import { runJob } from '../../../../src/jobs/runner.js';
import { billingRenewJob } from '../../../../src/jobs/billing-renew.js';
import { issueDueRenewals } from '../../../../src/billing/renewals/issue-due-renewals.js';
import { placeOrder } from '../../../../src/billing/orders/place-order.js';
import { recordPayment } from '../../../../src/billing/ledger/record-payment.js';
import { handleInvoicePaid } from '../../../../src/billing/subscriptions/handle-invoice-paid.js';
import { clock } from '../../../../src/lib/clock.js';
import { logger } from '../../../../src/lib/logger.js';
import { type Customer, Invoice, Subscription } from '../../../../src/models/index.js';
import type { BillingCycle, CurrencyCode } from '../../../../src/models/enums.js';
import { asCustomer, sys } from '../orders/support.js';

/** Runs billing:renew as the worker would (named lock), at the clock's now. */
export const renewNow = () => runJob(billingRenewJob, { now: clock.now() });

/** Issues due renewals directly (no named lock), as a second worker instance would. */
export const issueNow = (batchSize = 1000) => issueDueRenewals(sys(), logger().child({ test: 'renewals' }), { batchSize });

/** Pays an invoice in full through the ledger and tells billing it is paid. */
export async function pay(invoice: Invoice, reference = `pay-${invoice.id}`): Promise<void> {
  const fresh = await Invoice.findByPk(invoice.id, { rejectOnEmpty: true });
  if (Number(fresh.amountDueMinor) > 0) {
    await recordPayment({ invoiceId: fresh.id, amountMinor: Number(fresh.amountDueMinor), currency: fresh.currency, gateway: 'stripe', gatewayReference: reference, idempotencyKey: `test:${reference}` }, sys());
  }
  await handleInvoicePaid(fresh.id, sys());
}

/** Orders a plan for a customer, pays the first invoice and returns the active subscription. */
export async function activeSubscription(customer: Customer, planId: number, cycle: BillingCycle = 'monthly', extra: { currency?: CurrencyCode; couponCode?: string; options?: Record<string, number>; addons?: string[] } = {}): Promise<Subscription> {
  const placed = await placeOrder(
    { customerId: customer.id, currency: extra.currency ?? customer.currency ?? 'USD', couponCode: extra.couponCode, items: [{ planId, cycle, options: extra.options, addons: extra.addons }] },
    asCustomer(customer),
  );
  await pay(placed.invoice!);
  return Subscription.findByPk(placed.subscriptions[0].id, { rejectOnEmpty: true });
}

/** Renewal invoices of a subscription, oldest period first. */
export function renewalsOf(subscriptionId: number): Promise<Invoice[]> {
  return Invoice.findAll({ where: { subscriptionId, kind: 'renewal' }, order: [['periodStart', 'ASC']] });
}
