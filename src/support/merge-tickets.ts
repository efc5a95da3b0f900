import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { ValidationError } from '../lib/errors.js';
import { TicketAttachment, TicketReply, type Ticket } from '../models/index.js';
import { findTicket, type TicketRef } from './find-ticket.js';
import { assertStaff } from './staff-guard.js';

/**
 * Merges `source` into `target` (same customer): the source's messages and files move to the target, the source is
 * closed and points at the target (its reply address keeps working: replies land on the target), and an internal
 * note on the target records the merge.
 */
export async function mergeTickets(input: { source: TicketRef; target: TicketRef }, ctx: Ctx): Promise<Ticket> {
  assertStaff(ctx);
  return inTransaction(ctx, async (t) => {
    const source = await findTicket(input.source, t);
    const target = await findTicket(input.target, t);
    if (source.id === target.id) throw new ValidationError('merge_same_ticket', 'A ticket cannot be merged into itself.');
    if (source.customerId !== target.customerId) throw new ValidationError('merge_other_customer', 'Only tickets of the same customer can be merged.');
    if (source.mergedIntoId || target.mergedIntoId) throw new ValidationError('merge_already_merged', 'One of these tickets was already merged.');
    const before = { status: source.status, mergedIntoId: null };
    await TicketReply.update({ ticketId: target.id }, { where: { ticketId: source.id }, transaction: t });
    await TicketAttachment.update({ ticketId: target.id }, { where: { ticketId: source.id }, transaction: t });
    const lastReplyAt = [source.lastReplyAt, target.lastReplyAt].filter((d): d is Date => d instanceof Date).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    const firstResponseAt = [source.firstResponseAt, target.firstResponseAt].filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    await target.update({ lastReplyAt, firstResponseAt, ...(target.status === 'closed' ? { status: 'open' as const } : {}) }, { transaction: t });
    await source.update({ status: 'closed', closedAt: ctx.now, mergedIntoId: target.id }, { transaction: t });
    await TicketReply.create(
      { ticketId: target.id, authorId: ctx.actor.userId, authorKind: 'system', internal: false, body: `Ticket ${source.number} (${source.subject}) was merged into this ticket.`, via: 'web', createdAt: ctx.now },
      { transaction: t },
    );
    await recordAudit({ action: 'ticket.merged', entityType: 'ticket', entityId: source.id, before, after: { status: 'closed', mergedIntoId: target.id } }, withTx(ctx, t));
    return target;
  });
}
