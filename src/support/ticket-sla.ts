import type { TicketPriority } from '../models/enums.js';
import type { Ticket } from '../models/index.js';

// NOTE: first-response targets per priority (business hours are not modelled: the clock runs around the day).
export const FIRST_RESPONSE_TARGET_MINUTES: Record<TicketPriority, number> = { urgent: 60, high: 4 * 60, normal: 8 * 60, low: 24 * 60 };

export interface TicketSla {
  targetMinutes: number;
  dueAt: Date;
  /** Minutes from opening to the first staff reply, once there is one. */
  firstResponseMinutes: number | null;
  /** Minutes left before the target (negative when late); null once answered. */
  minutesLeft: number | null;
  /** met / breached once answered; pending, at_risk (last quarter of the target) or breached while waiting. */
  state: 'met' | 'breached' | 'pending' | 'at_risk';
}

/** Time to first staff response against the priority's target, for the staff queue. */
export function ticketSla(ticket: Pick<Ticket, 'priority' | 'createdAt' | 'firstResponseAt'>, now: Date = new Date()): TicketSla {
  const targetMinutes = FIRST_RESPONSE_TARGET_MINUTES[(ticket.priority as TicketPriority | undefined) ?? 'normal'];
  const opened = ticket.createdAt.getTime();
  const dueAt = new Date(opened + targetMinutes * 60_000);
  if (ticket.firstResponseAt) {
    const firstResponseMinutes = Math.round((ticket.firstResponseAt.getTime() - opened) / 60_000);
    return { targetMinutes, dueAt, firstResponseMinutes, minutesLeft: null, state: firstResponseMinutes <= targetMinutes ? 'met' : 'breached' };
  }
  const minutesLeft = Math.floor((dueAt.getTime() - now.getTime()) / 60_000);
  const state = minutesLeft < 0 ? 'breached' : minutesLeft <= targetMinutes / 4 ? 'at_risk' : 'pending';
  return { targetMinutes, dueAt, firstResponseMinutes: null, minutesLeft, state };
}
