import { Op } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { GatewayEvent as GatewayEventRow } from '../../models/index.js';
import { MAX_EVENT_ATTEMPTS } from './event-rows.js';
import { processGatewayEvent } from './process-gateway-event.js';

/** Staff run a stored event again (after fixing what made it fail); audited, returns the row afterwards. */
export async function replayGatewayEvent(eventId: number, ctx: Ctx): Promise<GatewayEventRow> {
  if (ctx.actor.type === 'customer') throw new ForbiddenError();
  const before = await GatewayEventRow.findByPk(eventId);
  if (!before) throw new NotFoundError('gateway_event_not_found', `Gateway event ${eventId} not found`);
  const outcome = await processGatewayEvent(eventId, ctx, 'staff');
  if (outcome === 'busy') throw new ConflictError('gateway_event_busy', `Gateway event ${eventId} is being processed right now`);
  const after = await GatewayEventRow.findByPk(eventId, { rejectOnEmpty: true });
  await inTransaction(ctx, (t) =>
    recordAudit(
      {
        action: 'gateway_event.replayed', entityType: 'gateway_event', entityId: eventId,
        before: { status: before.status, error: before.error, attempts: before.attempts }, after: { status: after.status, error: after.error, attempts: after.attempts },
      },
      withTx(ctx, t),
    ),
  );
  return after;
}

/** The replay job's pass: every stored event due for another try (failed or waiting), oldest first. */
export async function replayDueGatewayEvents(ctx: Ctx, opts: { limit?: number } = {}): Promise<{ processed: number; failed: number }> {
  const due = await GatewayEventRow.findAll({
    where: { status: { [Op.in]: ['received', 'failed'] }, nextAttemptAt: { [Op.lte]: ctx.now }, attempts: { [Op.lt]: MAX_EVENT_ATTEMPTS } },
    attributes: ['id'],
    order: [['id', 'ASC']],
    limit: opts.limit ?? 500,
  });
  let processed = 0;
  let failed = 0;
  for (const { id } of due) {
    const outcome = await processGatewayEvent(id, ctx, 'due');
    if (outcome === 'failed') failed++;
    else if (outcome !== 'busy') processed++;
  }
  return { processed, failed };
}
