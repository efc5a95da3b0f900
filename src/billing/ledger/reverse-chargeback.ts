import type { Ctx } from '../../lib/context.js';
import { type ChargebackInput, type ChargebackResult, disputeMovement } from './dispute-movement.js';

/** Records a won dispute (chargeback reversed): the money is ours again and the invoice paid again when settled. */
export async function reverseChargeback(input: ChargebackInput, ctx: Ctx): Promise<ChargebackResult> {
  return disputeMovement('chargeback_reversal', input, ctx);
}
