import { formatSequenceNumber, nextNumber } from '../db/sequences.js';
import type { Ctx } from '../lib/context.js';
import type { TicketParty, TicketPriority, TicketStatus } from '../models/enums.js';
import { Customer, Ticket, TicketDepartment, TicketReply } from '../models/index.js';
import { getSetting } from '../settings/index.js';
import { importEach, localIdOf } from './import-map.js';
import type { ImportReport } from './report.js';
import type { WhmcsRow, WhmcsSource } from './source.js';
import { date, int, slugOf, text } from './values.js';

const STATUSES: Record<string, TicketStatus> = { open: 'open', answered: 'awaiting_customer', 'customer-reply': 'awaiting_staff', closed: 'closed' };
const PRIORITIES: Record<string, TicketPriority> = { low: 'low', medium: 'normal', high: 'high' };

/**
 * Imports each WHMCS support department as a department: one of ours with the same name when there is one, else a new
 * one (hidden WHMCS departments inactive). Mail piping settings are not read: set the department address here.
 */
export async function importDepartments(source: WhmcsSource, report: ImportReport, ctx: Ctx): Promise<void> {
  await importEach(source, 'tblticketdepartments', 'department', report, ctx, async (row, whmcsId) => {
    const name = text(row, 'name', 100) ?? `WHMCS department ${whmcsId}`;
    return async (transaction) => {
      const same = await TicketDepartment.findOne({ where: { name }, attributes: ['id'], transaction });
      if (same) return same.id;
      const slug = slugOf(name, 'department', 50);
      const taken = await TicketDepartment.findOne({ where: { slug }, attributes: ['id'], transaction });
      const department = await TicketDepartment.create(
        {
          name,
          slug: taken ? `${slug}-${whmcsId}` : slug,
          description: text(row, 'description', 1000),
          active: String(row.hidden ?? '') !== 'on',
          sortOrder: int(row, 'order'),
        },
        { transaction },
      );
      return department.id;
    };
  });
}

interface Message {
  at: Date;
  party: TicketParty;
  body: string;
}

/** The opening message and the replies of a WHMCS ticket, oldest first (empty messages left out). */
function messagesOf(ticket: WhmcsRow, replies: readonly WhmcsRow[], opened: Date): Message[] {
  const messages: Message[] = [];
  const first = String(ticket.message ?? '').trim();
  if (first) messages.push({ at: opened, party: 'customer', body: first });
  for (const reply of replies) {
    const body = String(reply.message ?? '').trim();
    if (!body) continue;
    messages.push({ at: date(reply, 'date') ?? opened, party: text(reply, 'admin') ? 'staff' : 'customer', body });
  }
  return messages.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Imports each WHMCS ticket of an imported client with its conversation: the opening message and every reply with
 * their dates (staff replies signed by the support team, customer ones by the customer), status, priority and
 * department. It gets a ticket number of ours; a note only staff see names the WHMCS ticket and any attachments, which
 * stay in WHMCS. Imported tickets send no mail. Tickets of guests or of clients not imported are reported.
 */
export async function importTickets(source: WhmcsSource, report: ImportReport, ctx: Ctx): Promise<void> {
  await importEach(source, 'tbltickets', 'ticket', report, ctx, async (row, whmcsId) => {
    const customerId = int(row, 'userid') ? await localIdOf('client', int(row, 'userid')) : null;
    const customer = customerId ? await Customer.findByPk(customerId, { attributes: ['id', 'userId'] }) : null;
    if (!customer) return 'it was opened by a guest or by a client that was not imported';
    const departmentId = await localIdOf('department', int(row, 'did'));
    if (!departmentId) return 'its department was not imported';
    const opened = date(row, 'date') ?? ctx.now;
    const replies = await source.where('tblticketreplies', 'tid', whmcsId);
    const messages = messagesOf(row, replies, opened);
    if (messages.length === 0) return 'it has no message';
    const status = STATUSES[String(row.status ?? '').trim().toLowerCase()] ?? 'open';
    const last = messages[messages.length - 1]!;
    // NOTE: WHMCS keeps attachment names as "123456_name.pdf|..." and the files on its own disk.
    const attachments = [row.attachment, ...replies.map((r) => r.attachment)]
      .flatMap((a) => String(a ?? '').split('|'))
      .map((a) => a.replace(/^\d+_/, '').trim())
      .filter(Boolean);
    const note = `Imported from WHMCS ticket #${text(row, 'tid', 64) ?? whmcsId}.${attachments.length ? ` Its attachments stayed in WHMCS: ${attachments.join(', ')}.` : ''}`;
    return async (transaction) => {
      const number = formatSequenceNumber(await getSetting('support.ticket_number_format'), await nextNumber('ticket', transaction), opened);
      const ticket = await Ticket.create(
        {
          number,
          customerId: customer.id,
          departmentId,
          serviceId: null,
          subject: text(row, 'title', 191) ?? '(no subject)',
          status,
          priority: PRIORITIES[String(row.urgency ?? '').trim().toLowerCase()] ?? 'normal',
          openedVia: 'web',
          openedById: customer.userId,
          assigneeId: null,
          mergedIntoId: null,
          firstResponseAt: messages.find((m) => m.party === 'staff')?.at ?? null,
          lastReplyAt: last.at,
          lastReplyBy: last.party,
          closedAt: status === 'closed' ? (date(row, 'lastreply') ?? last.at) : null,
          createdAt: opened,
        },
        { transaction },
      );
      await TicketReply.bulkCreate(
        [
          ...messages.map((m) => ({ ticketId: ticket.id, authorId: m.party === 'customer' ? customer.userId : null, authorKind: m.party, body: m.body, createdAt: m.at })),
          { ticketId: ticket.id, authorId: null, authorKind: 'system' as const, body: note, internal: true, createdAt: opened },
        ],
        { transaction },
      );
      return ticket.id;
    };
  });
}
