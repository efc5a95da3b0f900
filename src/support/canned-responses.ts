import { Op } from 'sequelize';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { NotFoundError, ValidationError } from '../lib/errors.js';
import { CannedResponse, Customer, Ticket, User } from '../models/index.js';
import { assertStaff } from './staff-guard.js';

/** Active canned responses for a department (its own and the ones for every department), by title. */
export function listCannedResponses(departmentId?: number | null): Promise<CannedResponse[]> {
  const departments = departmentId ? { [Op.or]: [{ departmentId }, { departmentId: null }] } : { departmentId: null };
  return CannedResponse.findAll({ where: { active: true, ...departments }, order: [['title', 'ASC']] });
}

export interface CannedResponseInput {
  id?: number;
  title: string;
  body: string;
  departmentId?: number | null;
  active?: boolean;
}

/** Creates or updates a canned response (staff; audited). Deactivating hides it from the reply form. */
export async function saveCannedResponse(input: CannedResponseInput, ctx: Ctx): Promise<CannedResponse> {
  assertStaff(ctx);
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title || title.length > 191 || !body) throw new ValidationError('canned_response_invalid', 'A canned response needs a title (up to 191 characters) and a text.');
  return inTransaction(ctx, async (t) => {
    const values = { title, body, departmentId: input.departmentId ?? null, active: input.active ?? true };
    const existing = input.id ? await CannedResponse.findByPk(input.id, { transaction: t }) : null;
    if (input.id && !existing) throw new NotFoundError('canned_response_not_found');
    const before = existing?.get({ plain: true }) ?? null;
    const row = existing ? await existing.update(values, { transaction: t }) : await CannedResponse.create(values, { transaction: t });
    await recordAudit({ action: existing ? 'canned_response.updated' : 'canned_response.created', entityType: 'canned_response', entityId: row.id, before, after: row.get({ plain: true }) }, withTx(ctx, t));
    return row;
  });
}

/**
 * A canned response's text for one ticket, ready to edit and send: `{customer_name}`, `{ticket_number}`,
 * `{ticket_subject}` and `{agent_name}` are filled in.
 */
export async function applyCannedResponse(cannedId: number, ticketId: number, ctx: Ctx): Promise<string> {
  const agentId = assertStaff(ctx);
  const [canned, ticket, agent] = await Promise.all([CannedResponse.findByPk(cannedId), Ticket.findByPk(ticketId), User.findByPk(agentId)]);
  if (!canned || !canned.active) throw new NotFoundError('canned_response_not_found');
  if (!ticket) throw new NotFoundError('ticket_not_found');
  const customer = await Customer.findByPk(ticket.customerId, { include: [{ model: User, as: 'user' }] });
  const values: Record<string, string> = {
    customer_name: customer?.user?.firstName ?? customer?.user?.fullName ?? '',
    ticket_number: ticket.number,
    ticket_subject: ticket.subject,
    agent_name: agent?.firstName ?? agent?.fullName ?? '',
  };
  return canned.body.replace(/\{(customer_name|ticket_number|ticket_subject|agent_name)\}/g, (_m, key: string) => values[key] ?? '');
}
