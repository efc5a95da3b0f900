import { toDecimalString, type CurrencyCode } from '../billing/money.js';
import type { InvoiceBalance } from '../billing/ledger/invoice-balance.js';
import type { Customer, Invoice, Service, Subscription, Ticket } from '../models/index.js';

/** Amounts leave the API as integer minor units plus the decimal string, always with their currency. */
export function amount(minor: number, currency: CurrencyCode): { minor: number; decimal: string; currency: CurrencyCode } {
  return { minor, decimal: toDecimalString(minor, currency), currency };
}

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function serviceJson(s: Service): Record<string, unknown> {
  return {
    id: s.id,
    reference: s.reference,
    type: s.serviceType,
    status: s.status,
    hostname: s.hostname,
    domain: s.domain,
    primary_ip: s.primaryIp,
    ip_addresses: s.ipAddresses ?? (s.primaryIp ? [s.primaryIp] : []),
    plan: s.subscription?.plan ? { id: s.subscription.plan.id, name: s.subscription.plan.name } : null,
    subscription_id: s.subscriptionId,
    provisioned_at: iso(s.provisionedAt),
    suspended_at: iso(s.suspendedAt),
    created_at: iso(s.createdAt),
  };
}

export function invoiceJson(i: Invoice, balance?: InvoiceBalance): Record<string, unknown> {
  return {
    id: i.id,
    number: i.number,
    kind: i.kind,
    status: i.status,
    currency: i.currency,
    subtotal: amount(i.subtotalMinor, i.currency),
    discount: amount(i.discountMinor, i.currency),
    tax: amount(i.taxMinor, i.currency),
    total: amount(i.totalMinor, i.currency),
    ...(balance ? { balance_due: amount(Math.max(0, balance.balanceMinor), i.currency) } : {}),
    issued_at: iso(i.issuedAt),
    due_at: iso(i.dueAt),
    paid_at: iso(i.paidAt),
    period_start: iso(i.periodStart),
    period_end: iso(i.periodEnd),
    subscription_id: i.subscriptionId,
    ...(i.lines
      ? {
          lines: i.lines.map((l) => ({
            kind: l.kind,
            description: l.description,
            quantity: l.quantity,
            unit_price: amount(l.unitAmountMinor, i.currency),
            amount: amount(l.amountMinor, i.currency),
            tax: amount(l.taxMinor, i.currency),
          })),
        }
      : {}),
  };
}

export function subscriptionJson(s: Subscription): Record<string, unknown> {
  return {
    id: s.id,
    status: s.status,
    plan: s.plan ? { id: s.plan.id, name: s.plan.name } : null,
    cycle: s.cycle,
    price: amount(s.priceMinor, s.currency),
    current_period_start: iso(s.currentPeriodStart),
    current_period_end: iso(s.currentPeriodEnd),
    cancel_at_period_end: s.cancelAtPeriodEnd,
    cancelled_at: iso(s.cancelledAt),
    service_ids: (s.services ?? []).map((x) => x.id),
  };
}

export function ticketJson(t: Ticket): Record<string, unknown> {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    department: t.department ? { id: t.department.id, name: t.department.name } : { id: t.departmentId },
    service_id: t.serviceId,
    last_reply_at: iso(t.lastReplyAt),
    created_at: iso(t.createdAt),
  };
}

export function customerJson(c: Customer): Record<string, unknown> {
  return {
    id: c.id,
    email: c.user?.email ?? null,
    first_name: c.user?.firstName ?? null,
    last_name: c.user?.lastName ?? null,
    company: c.company,
    status: c.status,
    country: c.billingCountry,
    currency: c.currency,
    created_at: iso(c.createdAt),
  };
}
