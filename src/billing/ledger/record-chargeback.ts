import type { Ctx } from '../../lib/context.js';
import { type ChargebackInput, type ChargebackResult, disputeMovement } from './dispute-movement.js';

export type { ChargebackInput, ChargebackResult } from './dispute-movement.js';

/** Records a chargeback (money taken back by the card network): the invoice is owed again and flagged disputed. */
export async function recordChargeback(input: ChargebackInput, ctx: Ctx): Promise<ChargebackResult> {
  return disputeMovement('chargeback', input, ctx);
}
