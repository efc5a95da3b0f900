import type { Transaction } from 'sequelize';
import type { EmailPreferences, MailAttachmentDescriptor } from '../models/index.js';
import { invoiceVars, orderVars, serviceVars, subscriptionVars, ticketReplyVars, ticketVars } from './event-data.js';
import { portalPaths } from './links.js';

/** Extra template variables a caller may pass with any event (they win over loaded values). */
type Extra = { [variable: string]: unknown };
type Id = number;

/** Every event that reaches a customer, with the data each one needs (ids; the rest is loaded). */
export interface CustomerEventData {
  'account.welcome': Extra & { verifyLink?: string | null };
  /** `key`: the token's hash or id, so each link is mailed once. */
  'account.email_verification': Extra & { link: string; expiresHours?: number; key: string };
  'account.password_reset': Extra & { link: string; minutes: number; ip?: string | null; key: string };
  'account.new_device_login': Extra & { device: string; ip: string; at: string; key: string };
  'order.received': Extra & { orderId: Id };
  'order.approved': Extra & { orderId: Id };
  'order.rejected': Extra & { orderId: Id; reason?: string | null; invoicePaid?: boolean };
  /** The invoice PDF is attached. */
  'invoice.issued': Extra & { invoiceId: Id };
  'payment.received': Extra & { invoiceId: Id; paymentId: Id | string; amountMinor: number; method?: string | null };
  /** `attemptId`: the failed attempt (one mail per attempt); the mail carries the pay link. */
  'payment.failed': Extra & { invoiceId: Id; attemptId: Id | string; reason?: string | null; nextRetryAt?: Date | string | null };
  'dunning.reminder': Extra & { invoiceId: Id; step: number; daysOverdue: number; suspendAt?: Date | string | null };
  'dunning.final_notice': Extra & { invoiceId: Id; suspendAt?: Date | string | null; daysOverdue?: number };
  /** `credentials` go into the mail only (never the in-app row). `key`: the provisioning task, when several can happen. */
  'service.provisioned': Extra & { serviceId: Id; credentials?: { username?: string; password?: string } | null; panelUrl?: string | null; key?: string };
  'service.suspended': Extra & { serviceId: Id; reason?: string | null; key?: string };
  'service.unsuspended': Extra & { serviceId: Id; key?: string };
  'service.terminated': Extra & { serviceId: Id; reason?: string | null };
  'subscription.cancelled': Extra & { subscriptionId: Id };
  'ticket.opened': Extra & { ticketId: Id; message: string };
  /** A staff member's public reply (internal notes never reach here); its files (`id`) are attached to the mail. */
  'ticket.replied': Extra & { ticketId: Id; replyId: Id; authorName: string; message: string; attachments?: Array<{ id?: Id; name: string; sizeBytes?: number }> };
  'ticket.closed': Extra & { ticketId: Id; closedAt: Date | string };
  /** One alert per service, cycle and threshold (75 / 90 / 100 ...). */
  'bandwidth.threshold_reached': Extra & { serviceId: Id; cycleStart: Date | string; threshold: number; usedGb: number; quotaGb: number; resetsAt?: Date | string | null };
}

export type CustomerEvent = keyof CustomerEventData;

export interface InApp {
  title: string;
  body?: string | null;
  url: string;
}

type Vars = Record<string, unknown>;
type Loader = (data: Vars, customerId: number, t: Transaction) => Promise<Vars>;

export interface CustomerEventSpec {
  template: string | ((vars: Vars) => string);
  /** The customer's email_preferences switch that may turn this mail off; none = essential mail. */
  preference?: keyof EmailPreferences;
  /** Business identity of the event (with the recipient it makes the dedupe key); `key` in the data wins. */
  identity: (data: Vars, now: Date) => string;
  load?: Loader;
  /** The in-app notification; none for mails that are only mails (links with tokens). */
  inApp?: (vars: Vars) => InApp;
  attachments?: (data: Vars) => MailAttachmentDescriptor[];
  /** Extra template variables computed from the merged ones (names templates of this event use). */
  derive?: (vars: Vars) => Vars;
}

const s = (value: unknown): string => String(value ?? '');
const day = (value: unknown): string => (value ? new Date(value as string).toISOString().slice(0, 10) : '');
/** `service.suspended` / `unsuspended` default to one per service and day; pass `key` (the task id) to be exact. */

function keyed(data: Vars, fallback?: string): string {
  const key = data.key ?? fallback;
  if (key === undefined || key === null || key === '') throw new Error('notify: data.key is required for this event');
  return s(key);
}

const invoiceApp = (title: (v: Vars) => string, body?: (v: Vars) => string) => (v: Vars): InApp => ({ title: title(v), body: body?.(v) ?? null, url: portalPaths.invoice(v.invoiceId) });
const serviceApp = (title: (v: Vars) => string) => (v: Vars): InApp => ({ title: title(v), body: (v.reason as string | null) ?? null, url: portalPaths.service(v.serviceId) });
const ticketApp = (title: (v: Vars) => string, body?: (v: Vars) => string) => (v: Vars): InApp => ({ title: title(v), body: body?.(v) ?? null, url: portalPaths.ticket(v.ticketNumber) });
const excerpt = (text: unknown): string => s(text).replace(/\s+/g, ' ').slice(0, 200);

/** Largest total of ticket files mailed with a reply; past it the mail points to the ticket (where every file is). */
export const MAILED_FILES_BUDGET_BYTES = 10 * 1024 * 1024;

/** The files of a staff reply that go with its mail: all of them when they fit the budget, else none. */
function mailedTicketFiles(d: Vars): MailAttachmentDescriptor[] {
  const files = Array.isArray(d.attachments) ? (d.attachments as Array<{ id?: unknown; sizeBytes?: unknown }>) : [];
  const ids = files.map((f) => Number(f.id)).filter((id) => Number.isSafeInteger(id) && id > 0);
  const total = files.reduce((sum, f) => sum + (Number(f.sizeBytes) || 0), 0);
  if (ids.length === 0 || ids.length !== files.length || total > MAILED_FILES_BUDGET_BYTES) return [];
  return ids.map((attachmentId) => ({ kind: 'ticket_attachment', attachmentId }));
}

/** Per event: template, preference, identity, data loader, in-app row and attachments. */
export const CUSTOMER_EVENTS: { [E in CustomerEvent]: CustomerEventSpec } = {
  'account.welcome': { template: 'welcome', identity: () => 'account', inApp: (v) => ({ title: `Welcome to ${s(v.appName)}`, url: portalPaths.home() }) },
  'account.email_verification': { template: 'verify-email', identity: (d) => keyed(d) },
  'account.password_reset': { template: 'password-reset', identity: (d) => keyed(d) },
  'account.new_device_login': {
    template: 'new-device-login',
    identity: (d) => keyed(d),
    inApp: (v) => ({ title: 'New sign-in to your account', body: `${s(v.device)} from ${s(v.ip)}`, url: portalPaths.security() }),
  },
  'order.received': { template: 'order-received', identity: (d) => `order:${s(d.orderId)}`, load: orderVars, inApp: (v) => ({ title: `Order ${s(v.orderNumber)} received`, url: portalPaths.order(v.orderId) }) },
  'order.approved': { template: 'order-approved', identity: (d) => `order:${s(d.orderId)}`, load: orderVars, inApp: (v) => ({ title: `Order ${s(v.orderNumber)} approved`, url: portalPaths.order(v.orderId) }) },
  'order.rejected': {
    template: 'order-rejected',
    identity: (d) => `order:${s(d.orderId)}`,
    load: orderVars,
    inApp: (v) => ({ title: `Order ${s(v.orderNumber)} could not be accepted`, body: (v.reason as string | null) ?? null, url: portalPaths.order(v.orderId) }),
  },
  'invoice.issued': {
    template: 'invoice-issued',
    preference: 'invoices',
    identity: (d) => `invoice:${s(d.invoiceId)}`,
    load: invoiceVars,
    inApp: invoiceApp((v) => `New invoice ${s(v.invoiceNumber)}`),
    attachments: (d) => [{ kind: 'invoice_pdf', invoiceId: Number(d.invoiceId) }],
  },
  'payment.received': {
    template: 'payment-received',
    preference: 'invoices',
    identity: (d) => `payment:${s(d.paymentId)}`,
    load: invoiceVars,
    inApp: invoiceApp((v) => `Payment received for invoice ${s(v.invoiceNumber)}`),
    derive: (v) => ({ amountPaidMinor: v.amountMinor, ...(Number(v.creditMinor) > 0 ? { creditAddedMinor: v.creditMinor } : {}) }),
  },
  'payment.failed': {
    template: 'payment-failed',
    identity: (d) => `attempt:${s(d.attemptId)}`,
    load: invoiceVars,
    inApp: invoiceApp((v) => `Payment for invoice ${s(v.invoiceNumber)} failed`, (v) => s(v.reason || 'Please pay the invoice or update your payment method.')),
  },
  'dunning.reminder': { template: 'dunning-reminder', identity: (d) => `invoice:${s(d.invoiceId)}:step:${s(d.step)}`, load: invoiceVars, inApp: invoiceApp((v) => `Invoice ${s(v.invoiceNumber)} is overdue`) },
  'dunning.final_notice': {
    template: 'dunning-final-notice',
    identity: (d) => `invoice:${s(d.invoiceId)}`,
    load: invoiceVars,
    inApp: invoiceApp((v) => `Final notice: invoice ${s(v.invoiceNumber)}`, (v) => (v.suspendAt ? `Services will be suspended on ${day(v.suspendAt)}.` : 'Services will be suspended if it stays unpaid.')),
  },
  'service.provisioned': { template: 'service-provisioned', identity: (d) => keyed(d, `service:${s(d.serviceId)}`), load: serviceVars, inApp: serviceApp((v) => `Your ${s(v.serviceName)} is ready`) },
  'service.suspended': { template: 'service-suspended', identity: (d, now) => keyed(d, `service:${s(d.serviceId)}:${day(d.suspendedAt ?? now)}`), load: serviceVars, inApp: serviceApp((v) => `Your ${s(v.serviceName)} has been suspended`) },
  'service.unsuspended': {
    template: 'service-unsuspended',
    preference: 'serviceUpdates',
    identity: (d, now) => keyed(d, `service:${s(d.serviceId)}:${day(d.unsuspendedAt ?? now)}`),
    load: serviceVars,
    inApp: serviceApp((v) => `Your ${s(v.serviceName)} is active again`),
  },
  'service.terminated': { template: 'service-terminated', identity: (d) => `service:${s(d.serviceId)}`, load: serviceVars, inApp: serviceApp((v) => `Your ${s(v.serviceName)} has been terminated`) },
  'subscription.cancelled': {
    template: 'subscription-cancelled',
    identity: (d) => `subscription:${s(d.subscriptionId)}`,
    load: subscriptionVars,
    inApp: (v) => ({ title: `Your ${s(v.serviceName)} subscription was cancelled`, body: v.endsAt ? `It runs until ${day(v.endsAt)}.` : null, url: portalPaths.home() }),
  },
  'ticket.opened': { template: 'ticket-opened', identity: (d) => `ticket:${s(d.ticketId)}`, load: ticketVars, inApp: ticketApp((v) => `Ticket ${s(v.ticketNumber)} received`, (v) => s(v.ticketSubject)) },
  'ticket.replied': {
    template: 'ticket-replied',
    identity: (d) => `reply:${s(d.replyId)}`,
    load: ticketReplyVars,
    inApp: ticketApp((v) => `New reply on ticket ${s(v.ticketNumber)}`, (v) => excerpt(v.message)),
    attachments: mailedTicketFiles,
    derive: (v) => ({ filesAttached: mailedTicketFiles(v).length > 0 }),
  },
  'ticket.closed': { template: 'ticket-closed', identity: (d) => `ticket:${s(d.ticketId)}:${new Date(d.closedAt as string).getTime()}`, load: ticketVars, inApp: ticketApp((v) => `Ticket ${s(v.ticketNumber)} closed`) },
  'bandwidth.threshold_reached': {
    template: (v) => (Number(v.threshold) >= 100 ? 'bandwidth-exceeded' : 'bandwidth-alert'),
    preference: 'bandwidthAlerts',
    identity: (d) => `service:${s(d.serviceId)}:cycle:${day(d.cycleStart)}:threshold:${s(d.threshold)}`,
    load: serviceVars,
    inApp: (v) => ({ title: `Your ${s(v.serviceName)} used ${s(v.threshold)}% of its traffic`, body: `${s(v.usedGb)} GB of ${s(v.quotaGb)} GB`, url: portalPaths.service(v.serviceId) }),
  },
};
