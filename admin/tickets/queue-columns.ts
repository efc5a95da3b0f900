import type { ActionResponse, After, RecordJSON } from 'adminjs';
import { clock } from '../../src/lib/clock.js';
import type { TicketPriority } from '../../src/models/enums.js';
import { Customer, User } from '../../src/models/index.js';
import { ticketSla, type TicketSla } from '../../src/support/ticket-sla.js';

/** `95` -> `1h 35m`. */
export function minutesText(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  return h ? `${h}h ${m % 60}m` : `${m}m`;
}

/** How the queue shows the time to first response: answered in time or late, time left, or how late it is. */
export function slaText(sla: TicketSla): string {
  if (sla.firstResponseMinutes !== null) return `${sla.state === 'met' ? 'answered' : 'answered late'} in ${minutesText(sla.firstResponseMinutes)}`;
  const left = sla.minutesLeft ?? 0;
  if (sla.state === 'breached') return `overdue by ${minutesText(left)}`;
  return `${sla.state === 'at_risk' ? 'at risk: ' : ''}${minutesText(left)} left`;
}

const date = (value: unknown): Date | null => {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** The SLA of one listed ticket, from its params; closed tickets without an answer show none. */
function slaOf(params: Record<string, unknown>, now: Date): { text: string; state: string } {
  const createdAt = date(params.createdAt);
  if (!createdAt) return { text: '', state: '' };
  const sla = ticketSla({ priority: params.priority as TicketPriority, createdAt, firstResponseAt: date(params.firstResponseAt) }, now);
  if (params.status === 'closed' && sla.firstResponseMinutes === null) return { text: 'closed unanswered', state: 'closed' };
  return { text: slaText(sla), state: sla.state };
}

/** Names of the customers of the listed tickets (their account holder, with the company when there is one). */
async function customerNames(ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const customers = await Customer.findAll({ where: { id: ids }, attributes: ['id', 'company', 'userId'], include: [{ model: User, as: 'user', attributes: ['id', 'firstName', 'lastName', 'email'] }] });
  return new Map(customers.map((c) => [c.id, [c.user?.fullName ?? `#${c.id}`, c.company].filter(Boolean).join(' · ')]));
}

/** List `after` hook: each ticket gets `customerName`, `firstResponse` (SLA text) and `slaState` (met, pending, at_risk, breached). */
export const withQueueColumns: After<ActionResponse> = async (response) => {
  const now = clock.now();
  const records = (response.records ?? []) as RecordJSON[];
  const names = await customerNames([...new Set(records.map((r) => Number(r.params.customerId)).filter((id) => Number.isSafeInteger(id) && id > 0))]);
  for (const record of records) {
    const { text, state } = slaOf(record.params, now);
    record.params.customerName = names.get(Number(record.params.customerId)) ?? '';
    record.params.firstResponse = text;
    record.params.slaState = state;
  }
  return response;
};
