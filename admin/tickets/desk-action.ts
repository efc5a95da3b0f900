import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { z } from 'zod';
import { isAppError } from '../../src/lib/errors.js';
import type { Ctx } from '../../src/lib/context.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../src/models/enums.js';
import { assignTicket } from '../../src/support/assign-ticket.js';
import { applyCannedResponse } from '../../src/support/canned-responses.js';
import { changeTicketPriority } from '../../src/support/change-ticket-priority.js';
import { changeTicketStatus } from '../../src/support/change-ticket-status.js';
import { loadTicketDesk } from '../../src/support/load-ticket-desk.js';
import { mergeTickets } from '../../src/support/merge-tickets.js';
import { replyToTicket } from '../../src/support/reply-to-ticket.js';
import type { Upload } from '../../src/support/attachments/check-uploads.js';
import { Components } from '../component-loader.js';
import { staffCtx } from '../context.js';
import { readDeskUploads, withoutFiles } from './desk-uploads.js';

const text = z.string().trim().min(1).max(65_000);
const id = z.coerce.number().int().positive();

/** What the ticket page posts: one change at a time, each mapped to one support operation. */
export const deskInput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('reply'), body: text }).strict(),
  z.object({ op: z.literal('note'), body: text }).strict(),
  z.object({ op: z.literal('status'), status: z.enum(TICKET_STATUSES) }).strict(),
  z.object({ op: z.literal('priority'), priority: z.enum(TICKET_PRIORITIES) }).strict(),
  z.object({ op: z.literal('assign'), assigneeId: z.union([z.literal(''), id]) }).strict(),
  z.object({ op: z.literal('merge'), target: z.string().trim().min(1).max(20) }).strict(),
  z.object({ op: z.literal('canned'), cannedId: id }).strict(),
]);
export type DeskInput = z.infer<typeof deskInput>;

/**
 * Runs one posted change; returns the notice and, for a canned response, its text filled in for this ticket. A reply
 * or note carries the files staff attached (`attachments.N`); files posted with any other change are dropped.
 */
async function runDeskInput(ticketId: number, input: DeskInput, files: () => Promise<Upload[]>, ctx: Ctx): Promise<{ notice: string; cannedText?: string; ticketId?: number }> {
  const author = { kind: 'staff' as const, userId: ctx.actor.userId ?? 0 };
  const attached = input.op === 'reply' || input.op === 'note' ? await files() : [];
  const withFiles = attached.length ? ` with ${attached.length} file${attached.length === 1 ? '' : 's'}` : '';
  switch (input.op) {
    case 'reply':
      await replyToTicket({ ticket: ticketId, author, body: input.body, attachments: attached }, ctx);
      return { notice: `Reply sent to the customer${withFiles}` };
    case 'note':
      await replyToTicket({ ticket: ticketId, author, body: input.body, internal: true, attachments: attached }, ctx);
      return { notice: `Internal note added${withFiles}` };
    case 'status':
      await changeTicketStatus(ticketId, input.status, ctx);
      return { notice: 'Status changed' };
    case 'priority':
      await changeTicketPriority(ticketId, input.priority, ctx);
      return { notice: 'Priority changed' };
    case 'assign':
      await assignTicket(ticketId, input.assigneeId === '' ? null : input.assigneeId, ctx);
      return { notice: 'Assignment saved' };
    case 'merge': {
      const target = await mergeTickets({ source: ticketId, target: input.target }, ctx);
      return { notice: 'Ticket merged', ticketId: target.id };
    }
    case 'canned':
      return { notice: '', cannedText: await applyCannedResponse(input.cannedId, ticketId, ctx) };
  }
}

function payloadOf(request: ActionRequest): Record<string, unknown> {
  return Object.fromEntries(Object.entries(withoutFiles(request.payload ?? {})).filter(([key]) => !key.startsWith('_')));
}

/**
 * The ticket page's data and changes (record action `desk`, also what the ticket's show page calls). GET answers
 * `{ record, desk }`; POST takes one change (`op` = reply, note, status, priority, assign, merge, canned), runs its
 * operation as the signed-in staff member and answers with the fresh page and a notice. A reply or note may be a
 * multipart post with files (`attachments.0` ...), checked and stored like a customer's. Refusals of an operation
 * come back as error notices. Roles: ROLE_MATRIX.tickets.actions.desk (admin, support).
 */
export const deskAction: Partial<Action<ActionResponse>> = {
  actionType: 'record',
  icon: 'MessageSquare',
  component: Components.TicketDesk,
  showInDrawer: false,
  isVisible: false,
  handler: async (request, _response, context: ActionContext): Promise<ActionResponse> => {
    const { record, resource, currentAdmin } = context;
    if (!record) throw new Error('desk without a record');
    const ticketId = Number(record.id());
    const ctx = staffCtx(currentAdmin);
    const page = async (recordId = ticketId) => ({ record: ((await resource.findOne(String(recordId))) ?? record).toJSON(currentAdmin), desk: await loadTicketDesk(recordId, ctx) });
    if (request.method !== 'post') return page();
    const raw = (request.payload ?? {}) as Record<string, unknown>;
    try {
      const parsed = deskInput.safeParse(payloadOf(request));
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'input'))].join(', ');
        return { ...(await page()), notice: { message: `invalidActionInput: ${fields}`, type: 'error' } };
      }
      const done = await runDeskInput(ticketId, parsed.data, () => readDeskUploads(raw), ctx);
      const fresh = await page(done.ticketId ?? ticketId);
      return { ...fresh, ...(done.cannedText !== undefined ? { cannedText: done.cannedText } : {}), ...(done.notice ? { notice: { message: done.notice, type: 'success' } } : {}) };
    } catch (err) {
      if (!isAppError(err)) throw err;
      return { ...(await page()), notice: { message: err.message, type: 'error' } };
    }
  },
};
