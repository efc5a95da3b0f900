import type { Command } from 'commander';
import { hashPassword } from '../src/auth/passwords.js';
import { User } from '../src/models/index.js';
import { STAFF_ROLES } from '../src/models/enums.js';
import { runBaseSeed } from './index.js';

/** `seed`, `seed:demo` and `users:create-staff`. */
export function seedCommands(program: Command): void {
  program
    .command('seed')
    .description('Seed reference data (catalog, tax rates, departments) and the first admin; safe to repeat')
    .action(async () => {
      await runBaseSeed();
      console.log('Base data seeded.');
    });

  program
    .command('seed:demo')
    .description('Add a believable demo business (customers, subscriptions, invoices, payments, tickets over several months)')
    .option('--customers <n>', 'how many demo customers', (v) => Number.parseInt(v, 10), 40)
    .action(async (opts: { customers: number }) => {
      await runBaseSeed();
      const { seedDemo } = await import('./demo/index.js');
      const summary = await seedDemo({ customers: opts.customers });
      console.log(`Demo data: ${JSON.stringify(summary)}`);
    });

  program
    .command('users:create-staff')
    .description('Create a staff account (admin, support or finance)')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>', 'at least 10 characters')
    .option('--role <role>', `one of ${STAFF_ROLES.join(', ')}`, 'support')
    .option('--name <name>', 'full name')
    .action(async (opts: { email: string; password: string; role: string; name?: string }) => {
      if (!(STAFF_ROLES as readonly string[]).includes(opts.role)) throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      const [firstName, ...rest] = (opts.name ?? '').split(' ');
      const user = await User.create({
        email: opts.email,
        role: opts.role as (typeof STAFF_ROLES)[number],
        firstName: firstName || null,
        lastName: rest.join(' ') || null,
        passwordHash: await hashPassword(opts.password),
        emailVerifiedAt: new Date(),
      });
      console.log(`Created ${opts.role} #${user.id} <${user.email}>. Two-factor setup is asked at first sign-in.`);
    });
}
