import { Op } from 'sequelize';
import { formatMinor } from '../src/http/helpers.js';
import { AdminNote, AuditLog, Invoice, LedgerEntry, Service, Subscription, Ticket, User } from '../src/models/index.js';
import { isAllowed, type StaffRole } from './rbac.js';
import { initialisedModel } from './resources/index.js';

/** One row of a section of the customer overview: cells in column order and the record it opens. */
export interface OverviewRow {
  id: number;
  cells: string[];
  /** Resource id (table) of the record, for its show link. */
  resourceId: string;
}
export interface OverviewSection {
  key: string;
  title: string;
  columns: string[];
  rows: OverviewRow[];
}

const LIMIT = 20;
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');
const time = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');
const money = (minor: unknown, currency: string) => {
  try {
    return formatMinor(minor, currency);
  } catch {
    return `${String(minor)} ${currency}`;
  }
};

/**
 * Everything staff look at on one customer: services, subscriptions, invoices, payments, tickets,
 * notes and the audit trail (newest first, 20 each), only the sections the role may read.
 */
export async function customerOverview(customerId: number, role: StaffRole): Promise<OverviewSection[]> {
  const may = (table: string) => isAllowed(role, table, 'list') && !!initialisedModel(modelOf[table]!);
  const sections: OverviewSection[] = [];
  const where = { customerId };
  const order: Array<[string, string]> = [['id', 'DESC']];

  if (may('services')) {
    const rows = await Service.findAll({ where, order, limit: LIMIT });
    sections.push({ key: 'services', title: 'Services', columns: ['Reference', 'Type', 'Status', 'Hostname', 'IP'], rows: rows.map((s) => ({ id: s.id, resourceId: 'services', cells: [s.reference, s.serviceType, s.status, s.hostname ?? '', s.primaryIp ?? ''] })) });
  }
  if (may('subscriptions')) {
    const rows = await Subscription.findAll({ where, order, limit: LIMIT });
    sections.push({ key: 'subscriptions', title: 'Subscriptions', columns: ['#', 'Status', 'Cycle', 'Price', 'Period ends'], rows: rows.map((s) => ({ id: s.id, resourceId: 'subscriptions', cells: [String(s.id), s.status, s.cycle, money(s.priceMinor, s.currency), day(s.currentPeriodEnd)] })) });
  }
  if (may('invoices')) {
    const rows = await Invoice.findAll({ where, order, limit: LIMIT });
    sections.push({ key: 'invoices', title: 'Invoices', columns: ['Number', 'Status', 'Total', 'Due', 'Due on'], rows: rows.map((i) => ({ id: i.id, resourceId: 'invoices', cells: [i.number ?? `draft #${i.id}`, i.status, money(i.totalMinor, i.currency), money(i.amountDueMinor, i.currency), day(i.dueAt)] })) });
  }
  if (may('ledger_entries')) {
    const rows = await LedgerEntry.findAll({ where: { customerId, kind: { [Op.in]: ['payment', 'refund', 'chargeback', 'chargeback_reversal'] } }, order, limit: LIMIT });
    sections.push({ key: 'payments', title: 'Payments and refunds', columns: ['Kind', 'Amount', 'Gateway', 'Invoice', 'When'], rows: rows.map((e) => ({ id: e.id, resourceId: 'ledger_entries', cells: [e.kind, money(e.amountMinor, e.currency), e.gateway ?? '', e.invoiceId ? `#${e.invoiceId}` : '', time(e.occurredAt)] })) });
  }
  if (may('tickets')) {
    const rows = await Ticket.findAll({ where, order, limit: LIMIT });
    sections.push({ key: 'tickets', title: 'Tickets', columns: ['Number', 'Subject', 'Status', 'Priority', 'Last reply'], rows: rows.map((t) => ({ id: t.id, resourceId: 'tickets', cells: [t.number, t.subject, t.status, t.priority, time(t.lastReplyAt)] })) });
  }
  if (may('admin_notes')) {
    const rows = await AdminNote.findAll({ where, order: [['pinned', 'DESC'], ['id', 'DESC']], limit: LIMIT });
    const authors = await namesOf(rows.map((n) => n.authorId));
    sections.push({ key: 'notes', title: 'Notes', columns: ['Note', 'Author', 'When'], rows: rows.map((n) => ({ id: n.id, resourceId: 'admin_notes', cells: [`${n.pinned ? '📌 ' : ''}${n.body}`, authors.get(Number(n.authorId)) ?? '', time(n.createdAt)] })) });
  }
  if (may('audit_logs')) {
    const rows = await AuditLog.findAll({ where: { entityType: 'customer', entityId: String(customerId) }, order, limit: LIMIT });
    const actors = await namesOf(rows.flatMap((a) => [a.actorId, a.impersonatorId]));
    sections.push({
      key: 'audit',
      title: 'Audit trail',
      columns: ['When', 'Action', 'By', 'Reason'],
      rows: rows.map((a) => ({ id: a.id, resourceId: 'audit_logs', cells: [time(a.createdAt), a.action, a.actorId ? (actors.get(a.actorId) ?? `#${a.actorId}`) : a.actorType, a.reason ?? ''] })),
    });
  }
  return sections;
}

const modelOf: Record<string, string> = {
  services: 'Service',
  subscriptions: 'Subscription',
  invoices: 'Invoice',
  ledger_entries: 'LedgerEntry',
  tickets: 'Ticket',
  admin_notes: 'AdminNote',
  audit_logs: 'AuditLog',
};

async function namesOf(ids: Array<number | null | undefined>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length) return new Map();
  const users = await User.findAll({ where: { id: wanted }, attributes: ['id', 'email'] });
  return new Map(users.map((u) => [u.id, u.email]));
}
