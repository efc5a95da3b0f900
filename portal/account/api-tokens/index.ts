import { Router } from 'express';
import { z } from 'zod';
import { createApiToken } from '../../../src/auth/api-tokens/create-api-token.js';
import { revokeApiToken } from '../../../src/auth/api-tokens/revoke-api-token.js';
import { asyncHandler } from '../../../src/http/async.js';
import { ctxOf } from '../../../src/http/request-context.js';
import { clock } from '../../../src/lib/clock.js';
import { ForbiddenError, isAppError } from '../../../src/lib/errors.js';
import { ApiToken } from '../../../src/models/index.js';
import { requireCustomer } from '../../middleware/require-customer.js';

const createForm = z.object({
  name: z.string().max(200).default(''),
  write: z.literal('on').optional(),
  expires: z.enum(['never', '30', '90', '365']).default('90'),
});
const DAY_MS = 86_400_000;

/** /account/api-tokens: personal tokens for the REST API (list, create once-shown, revoke). */
export function apiTokensRouter(): Router {
  const router = Router();
  router.use(requireCustomer);

  router.get(
    '/',
    asyncHandler(async (req, res) => {
      const tokens = await ApiToken.findAll({ where: { userId: req.user!.id }, order: [['id', 'DESC']] });
      const now = clock.now().getTime();
      const newToken = req.session.newApiToken ?? null;
      delete req.session.newApiToken;
      res.set('Cache-Control', 'no-store').render('account/api-tokens/index', {
        layout: 'portal',
        pageTitle: 'API tokens',
        tokens: tokens.map((t) => ({
          ...t.get({ plain: true }),
          canWrite: t.abilities.includes('write'),
          state: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active',
        })),
        newToken,
        docsUrl: '/api/v1/openapi.json',
      });
    }),
  );

  router.post(
    '/',
    asyncHandler(async (req, res) => {
      const form = createForm.safeParse(req.body ?? {});
      const ctx = ctxOf(req);
      try {
        if (ctx.actor.impersonatorId) throw new ForbiddenError('impersonation_forbidden', 'Staff viewing an account cannot create API tokens.');
        const input = form.success ? form.data : { name: '', write: undefined, expires: '90' as const };
        const { token } = await createApiToken(
          {
            userId: req.user!.id,
            name: input.name,
            abilities: input.write ? ['read', 'write'] : ['read'],
            expiresAt: input.expires === 'never' ? null : new Date(ctx.now.getTime() + Number(input.expires) * DAY_MS),
          },
          ctx,
        );
        req.session.newApiToken = token;
        req.flash('success', 'Your token was created. Copy it now: it is shown only once.');
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        req.flash('error', err.message);
      }
      res.redirect(303, '/account/api-tokens');
    }),
  );

  router.post(
    '/:id/revoke',
    asyncHandler(async (req, res) => {
      try {
        await revokeApiToken({ userId: req.user!.id, tokenId: Number(req.params.id) || 0 }, ctxOf(req));
        req.flash('success', 'The token was revoked; requests with it are refused from now on.');
      } catch (err) {
        // NOTE: a token id that is not the customer's answers 404, as every other id of the portal does.
        if (!isAppError(err) || err.status >= 500 || err.status === 404) throw err;
        req.flash('error', err.message);
      }
      res.redirect(303, '/account/api-tokens');
    }),
  );

  return router;
}
