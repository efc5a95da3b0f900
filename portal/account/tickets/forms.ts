import type { Response } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../src/lib/errors.js';
import { TICKET_NUMBER_PATTERN } from '../../../src/models/index.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketStatus } from '../../../src/models/enums.js';

export const MB = 1024 * 1024;

/** The new-ticket form. */
export const newTicketBody = z
  .object({
    departmentId: z.coerce.number({ message: 'Please choose a department.' }).int().positive('Please choose a department.'),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    serviceId: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive()]).optional(),
    subject: z.string().trim().min(3, 'Please give a short subject (at least 3 characters).').max(191, 'The subject is too long.'),
    message: z.string().trim().min(1, 'Please describe your request.').max(50_000, 'The message is too long.'),
  })
  .strict();

export const replyBody = z.object({ message: z.string().trim().min(1, 'Please write a message.').max(50_000, 'The message is too long.') }).strict();

export const ticketNumberParam = z.string().regex(TICKET_NUMBER_PATTERN);
export const attachmentIdParam = z.coerce.number().int().positive();

/** The list's status filter (anything else shows every ticket). */
export function statusFilter(value: unknown): TicketStatus | undefined {
  return (TICKET_STATUSES as readonly string[]).includes(String(value)) ? (value as TicketStatus) : undefined;
}

/** What customers read for each status. */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  open: 'Open',
  awaiting_staff: 'Waiting for support',
  awaiting_customer: 'Waiting for your reply',
  closed: 'Closed',
};

/** Form fields without transport fields (`_csrf`). */
export function formFields(fields: Record<string, string>): Record<string, string> {
  const { _csrf: _ignored, ...rest } = fields;
  return rest;
}

/** Per-field messages of a zod error, or a general message of an operation's validation error; null for other errors. */
export function formErrors(err: unknown): { fields: Record<string, string>; general: string | null } | null {
  if (err instanceof z.ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of err.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { fields, general: null };
  }
  if (isAppError(err) && err.status === 422) return { fields: {}, general: err.message };
  return null;
}

/** Renders a portal page without caching (ticket pages carry private data). */
export function renderPortal(res: Response, view: string, pageTitle: string, data: Record<string, unknown>, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').render(view, { layout: 'portal', pageTitle, ...data });
}
