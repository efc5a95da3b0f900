import { formatMoney, isCurrency } from '../billing/money.js';
import type { DiscordChannel } from '../settings/index.js';
import { adminRecordPath } from './links.js';

type Extra = { [variable: string]: unknown };
type Id = number;

/** Every event that reaches staff (in-app, and Discord where it says so), with its data. */
export interface StaffEventData {
  'order.placed': Extra & { orderId: Id; number: string; customerId: Id; totalMinor: number; currency: string };
  'order.needs_review': Extra & { orderId: Id; number: string; customerId: Id; reason?: string | null };
  /** `taskId` identifies the failure (one alert per failed task). */
  'provisioning.failed': Extra & { serviceId: Id; taskId: Id; error: string; customerId?: Id };
  'payment.failed_final': Extra & { invoiceId: Id; number: string; customerId: Id; amountMinor: number; currency: string; reason?: string | null };
  'payment.disputed': Extra & { disputeId: string; invoiceId?: Id | null; customerId: Id; amountMinor: number; currency: string; reason?: string | null };
  /** One alert per service, cycle and threshold. */
  'bandwidth.high_usage': Extra & { serviceId: Id; customerId: Id; cycleStart: Date | string; threshold: number; usedGb: number; quotaGb: number };
  'ticket.opened': Extra & { ticketId: Id; number: string; subject: string; priority: string; department: string; customerId: Id; assigneeId?: Id | null };
  /** To the new assignee only; `at` (ISO time) tells one assignment from a later one. */
  'ticket.assigned': Extra & { ticketId: Id; number: string; subject: string; assigneeId: Id; at: string };
  /** To the assignee, else every support member. */
  'ticket.customer_replied': Extra & { ticketId: Id; replyId: Id; number: string; subject: string; excerpt: string; assigneeId?: Id | null };
}

export type StaffEvent = keyof StaffEventData;
export type StaffRole = 'admin' | 'support' | 'finance';

type Vars = Record<string, unknown>;

export interface DiscordField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface StaffEventSpec {
  /** Staff roles that get the in-app notification (the assignee alone when the data names one). */
  roles: StaffRole[];
  identity: (data: Vars) => string;
  title: (data: Vars) => string;
  body?: (data: Vars) => string | null;
  url: (data: Vars) => string;
  /** Posted to this Discord channel (webhook from settings, DISCORD_WEBHOOK_URL by default). */
  discord?: { channel: DiscordChannel; color: number; fields?: (data: Vars) => DiscordField[] };
}

const s = (value: unknown): string => String(value ?? '');
const amount = (d: Vars, key = 'amountMinor'): string => {
  const n = Number(d[key]);
  return isCurrency(d.currency) && Number.isSafeInteger(n) ? formatMoney(n, d.currency) : `${s(d[key])} ${s(d.currency)}`;
};
const field = (name: string, value: unknown, inline = true): DiscordField => ({ name, value: s(value).slice(0, 1024) || '-', inline });
const customer = (d: Vars): DiscordField => field('Customer', `#${s(d.customerId)}`);
const day = (value: unknown): string => new Date(value as string).toISOString().slice(0, 10);

const RED = 0xdc2626;
const AMBER = 0xf59e0b;
const GREEN = 0x16a34a;
const BLUE = 0x2563eb;

export const STAFF_EVENTS: { [E in StaffEvent]: StaffEventSpec } = {
  'order.placed': {
    roles: ['admin'],
    identity: (d) => `order:${s(d.orderId)}`,
    title: (d) => `New order ${s(d.number)} (${amount(d, 'totalMinor')})`,
    url: (d) => adminRecordPath('orders', d.orderId),
    discord: { channel: 'orders', color: GREEN, fields: (d) => [field('Order', d.number), field('Total', amount(d, 'totalMinor')), customer(d)] },
  },
  'order.needs_review': {
    roles: ['admin'],
    identity: (d) => `order:${s(d.orderId)}`,
    title: (d) => `Order ${s(d.number)} needs review`,
    body: (d) => (d.reason ? s(d.reason) : null),
    url: (d) => adminRecordPath('orders', d.orderId),
    discord: { channel: 'orders', color: AMBER, fields: (d) => [field('Order', d.number), customer(d), field('Reason', d.reason, false)] },
  },
  'provisioning.failed': {
    roles: ['admin'],
    identity: (d) => `task:${s(d.taskId)}`,
    title: (d) => `Provisioning failed for service #${s(d.serviceId)}`,
    body: (d) => s(d.error).slice(0, 1000),
    url: (d) => adminRecordPath('services', d.serviceId),
    discord: { channel: 'provisioning', color: RED, fields: (d) => [field('Service', `#${s(d.serviceId)}`), field('Task', `#${s(d.taskId)}`), field('Error', s(d.error).slice(0, 500), false)] },
  },
  'payment.failed_final': {
    roles: ['admin', 'finance'],
    identity: (d) => `invoice:${s(d.invoiceId)}`,
    title: (d) => `Payment failed after the last retry: invoice ${s(d.number)} (${amount(d)})`,
    body: (d) => (d.reason ? s(d.reason) : null),
    url: (d) => adminRecordPath('invoices', d.invoiceId),
    discord: { channel: 'payments', color: RED, fields: (d) => [field('Invoice', d.number), field('Amount', amount(d)), customer(d), field('Reason', d.reason, false)] },
  },
  'payment.disputed': {
    roles: ['admin', 'finance'],
    identity: (d) => `dispute:${s(d.disputeId)}`,
    title: (d) => `Payment disputed (${amount(d)})`,
    body: (d) => (d.reason ? s(d.reason) : null),
    url: (d) => (d.invoiceId ? adminRecordPath('invoices', d.invoiceId) : adminRecordPath('customers', d.customerId)),
    discord: { channel: 'payments', color: RED, fields: (d) => [field('Dispute', d.disputeId), field('Amount', amount(d)), customer(d), field('Reason', d.reason, false)] },
  },
  'bandwidth.high_usage': {
    roles: ['admin'],
    identity: (d) => `service:${s(d.serviceId)}:cycle:${day(d.cycleStart)}:threshold:${s(d.threshold)}`,
    title: (d) => `Service #${s(d.serviceId)} used ${s(d.threshold)}% of its traffic`,
    body: (d) => `${s(d.usedGb)} GB of ${s(d.quotaGb)} GB`,
    url: (d) => adminRecordPath('services', d.serviceId),
    discord: { channel: 'bandwidth', color: AMBER, fields: (d) => [field('Service', `#${s(d.serviceId)}`), field('Used', `${s(d.usedGb)} / ${s(d.quotaGb)} GB`), customer(d)] },
  },
  'ticket.opened': {
    roles: ['admin', 'support'],
    identity: (d) => `ticket:${s(d.ticketId)}`,
    title: (d) => `New ticket ${s(d.number)}: ${s(d.subject)}`,
    body: (d) => `${s(d.department)}, ${s(d.priority)} priority`,
    url: (d) => adminRecordPath('tickets', d.ticketId),
    discord: { channel: 'support', color: BLUE, fields: (d) => [field('Ticket', d.number), field('Priority', d.priority), field('Department', d.department), customer(d)] },
  },
  'ticket.assigned': {
    roles: [],
    identity: (d) => `ticket:${s(d.ticketId)}:assignee:${s(d.assigneeId)}:${s(d.at)}`,
    title: (d) => `Ticket ${s(d.number)} was assigned to you: ${s(d.subject)}`,
    url: (d) => adminRecordPath('tickets', d.ticketId),
  },
  'ticket.customer_replied': {
    roles: ['admin', 'support'],
    identity: (d) => `reply:${s(d.replyId)}`,
    title: (d) => `Customer replied on ${s(d.number)}: ${s(d.subject)}`,
    body: (d) => s(d.excerpt).slice(0, 300),
    url: (d) => adminRecordPath('tickets', d.ticketId),
  },
};
