import { InvalidArgumentError, type Command } from 'commander';
import { systemCtx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { User } from '../../models/index.js';
import { createApiToken } from './create-api-token.js';
import { revokeApiToken } from './revoke-api-token.js';

const DAY_MS = 86_400_000;

function positiveInt(v: string): number {
  const n = Number.parseInt(v, 10);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number');
  return n;
}

/** `api-tokens:create` and `api-tokens:revoke`: tokens for integrations (staff tokens are created only here). */
export function apiTokenCommands(program: Command): void {
  program
    .command('api-tokens:create')
    .description('Create an API token for a user and print it once (staff may get admin:read / admin:write)')
    .requiredOption('--email <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--abilities <list>', 'comma-separated: read, write, admin:read, admin:write', 'read')
    .option('--expires-days <n>', 'days until it expires (default: never)', positiveInt)
    .action(async (opts: { email: string; name: string; abilities: string; expiresDays?: number }) => {
      const user = await User.findOne({ where: { email: opts.email.trim().toLowerCase() } });
      if (!user) throw new NotFoundError('user_not_found', `No user with the email ${opts.email}`);
      const ctx = systemCtx();
      const { token, record } = await createApiToken(
        {
          userId: user.id,
          name: opts.name,
          abilities: opts.abilities.split(',').map((a) => a.trim()).filter(Boolean),
          expiresAt: opts.expiresDays ? new Date(ctx.now.getTime() + opts.expiresDays * DAY_MS) : null,
        },
        ctx,
      );
      console.log(`Token #${record.id} for ${user.email} (${record.abilities.join(', ')}); it is shown only now:\n${token}`);
    });

  program
    .command('api-tokens:revoke')
    .description('Revoke an API token by its id')
    .argument('<tokenId>', 'the token id', positiveInt)
    .action(async (tokenId: number) => {
      const token = await revokeApiToken({ userId: 0, tokenId }, systemCtx());
      console.log(`Token #${token.id} (${token.name}) is revoked.`);
    });
}
