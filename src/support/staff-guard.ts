import type { Ctx } from '../lib/context.js';
import { ForbiddenError } from '../lib/errors.js';

/** Staff operations refuse any other actor (the back office calls them; the portal never does). */
export function assertStaff(ctx: Ctx): number {
  if (ctx.actor.type !== 'staff' || !ctx.actor.userId) throw new ForbiddenError('staff_only', 'Only staff can do that.');
  return ctx.actor.userId;
}
