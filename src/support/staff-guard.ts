import type { Ctx } from '../lib/context.js';
import { ForbiddenError, ValidationError } from '../lib/errors.js';

/**
 * Staff operations refuse any other actor (the back office calls them; the portal never does). `doing` finishes
 * the refusal: "Only staff can <doing>."
 */
export function assertStaff(ctx: Ctx, doing = 'do that'): number {
  if (ctx.actor.type !== 'staff' || !ctx.actor.userId) throw new ForbiddenError('staff_only', `Only staff can ${doing}.`);
  return ctx.actor.userId;
}

/** The reason staff give for an audited action, trimmed; at least three characters, else `code` with `message`. */
export function requiredReason(reason: string | null | undefined, code: string, message: string): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length < 3) throw new ValidationError(code, message);
  return trimmed;
}
