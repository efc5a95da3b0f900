import { Op } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { logger } from '../../lib/logger.js';
import { GatewayEvent as GatewayEventRow } from '../../models/index.js';
import { isWaiting, type HandlerResult } from './event-outcome.js';
import { type ClaimMode, claimGatewayEvent, finishGatewayEvent } from './event-rows.js';
import { eventFromRow, handlerFor } from './event-table.js';

/** The row's status after an attempt, or `busy` when another processor holds it. */
export type ProcessOutcome = 'processed' | 'ignored' | 'waiting' | 'failed' | 'busy';

/**
 * Claims a stored event and runs its handler from the table; the outcome is written on the row
 * (processed / ignored / waiting for another event / failed with the error, retried with backoff).
 * Never throws for a handler failure: the delivery was accepted, staff see the error on the row.
 */
export async function processGatewayEvent(id: number, ctx: Ctx, mode: ClaimMode = 'due'): Promise<ProcessOutcome> {
  if (!(await claimGatewayEvent(id, mode, ctx))) return 'busy';
  const row = await GatewayEventRow.findByPk(id, { rejectOnEmpty: true });
  let result: HandlerResult;
  try {
    const event = eventFromRow(row);
    const handler = handlerFor(event);
    result = handler ? await handler(event, ctx) : 'ignored';
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (isWaiting(err)) {
      await finishGatewayEvent(row, { waiting: message }, ctx);
      return 'waiting';
    }
    logger().warn({ err, gateway: row.gateway, eventId: row.eventId, type: row.type }, 'gateway event failed');
    await finishGatewayEvent(row, { failed: message }, ctx);
    return 'failed';
  }
  await finishGatewayEvent(row, result, ctx);
  if (result === 'processed' && row.objectId) await processWaitingFor(row.objectId, id, ctx);
  return result;
}

/** Events that waited for this payment (a refund or dispute that came first) are processed now. */
async function processWaitingFor(objectId: string, except: number, ctx: Ctx): Promise<void> {
  const waiting = await GatewayEventRow.findAll({
    where: { objectId, status: 'received', error: { [Op.ne]: null }, id: { [Op.ne]: except } },
    attributes: ['id'],
    order: [['id', 'ASC']],
  });
  for (const { id } of waiting) await processGatewayEvent(id, ctx, 'waiting');
}
