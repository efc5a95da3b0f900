import type { Request, RequestHandler, Response } from 'express';
import type { ApiPrincipal } from '../auth/api-tokens/authenticate-api-token.js';
import { asyncHandler } from '../http/async.js';
import { clock } from '../lib/clock.js';
import type { Ctx, Role } from '../lib/context.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';

/** The authenticated token of this request (set by the bearer middleware in router.ts). */
export function principalOf(res: Response): ApiPrincipal {
  const principal = res.locals.apiPrincipal as ApiPrincipal | undefined;
  if (!principal) throw new UnauthorizedError('invalid_token', 'The API token is missing, invalid, revoked or expired.');
  return principal;
}

/** The customer id of a customer's token; staff tokens use the /admin routes. */
export function customerIdOf(res: Response): number {
  const { customer } = principalOf(res);
  if (!customer) throw new ForbiddenError('customer_token_required', 'This route is for customer tokens; staff tokens use /api/v1/admin.');
  return customer.id;
}

/** Fails with 403 unless the token holds `ability` (and, for staff routes, the user has one of `roles`). */
export function requireAbility(res: Response, ability: string, roles?: readonly Role[]): ApiPrincipal {
  const principal = principalOf(res);
  if (!principal.abilities.has(ability)) throw new ForbiddenError('ability_missing', `This token lacks the "${ability}" ability.`);
  if (roles && !roles.includes(principal.user.role as Role)) throw new ForbiddenError('role_forbidden', `Your role (${principal.user.role}) cannot do that.`);
  return principal;
}

type ApiHandler = (req: Request, res: Response) => Promise<void>;

/** An API route that runs `handler` only once `requireAbility` passes (errors go to the API's error handler). */
export function guarded(ability: string, handler: ApiHandler): RequestHandler;
export function guarded(ability: string, roles: readonly Role[], handler: ApiHandler): RequestHandler;
export function guarded(ability: string, rolesOrHandler: readonly Role[] | ApiHandler, handler?: ApiHandler): RequestHandler {
  const [roles, run] = typeof rolesOrHandler === 'function' ? [undefined, rolesOrHandler] : [rolesOrHandler, handler!];
  return asyncHandler(async (req, res) => {
    requireAbility(res, ability, roles);
    await run(req, res);
  });
}

/**
 * The operation context of an API call. A customer's token acts as that customer (every rule that scopes a
 * customer to their own records applies); a staff token acts as the staff member with their role.
 */
export function apiCtx(req: Request, res: Response): Ctx {
  const { user } = principalOf(res);
  return {
    actor: {
      type: user.isStaff ? 'staff' : 'customer',
      userId: user.id,
      role: user.role as Role,
      ip: req.ip ?? null,
      userAgent: req.get('user-agent')?.slice(0, 255) ?? null,
    },
    now: clock.now(),
    requestId: req.id,
  };
}
