import { logger } from '../src/lib/logger.js';
import { seedHelpArticles } from '../src/site/help-articles.js';
import { seedCatalog, seedDepartments, seedTaxRates } from './catalog.js';
import { seedFirstAdmin } from './first-admin.js';

export interface SeedStep {
  name: string;
  run(): Promise<unknown>;
}

/** Reference data every installation needs; each step is idempotent (safe on every start). */
export const baseSeedSteps: SeedStep[] = [
  { name: 'catalog', run: seedCatalog },
  { name: 'tax rates', run: seedTaxRates },
  { name: 'support departments', run: seedDepartments },
  { name: 'help articles', run: seedHelpArticles },
];

/** Runs the base seed, then creates the first admin (printing a generated password once). */
export async function runBaseSeed(): Promise<void> {
  const log = logger().child({ component: 'seed' });
  for (const step of baseSeedSteps) {
    await step.run();
    log.debug({ step: step.name }, 'seeded');
  }
  const admin = await seedFirstAdmin();
  if (admin?.generatedPassword) {
    console.log(
      `\n  First staff account created.\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n` +
        `  It is shown only this once: sign in at /admin and set up two-factor authentication.\n`,
    );
  } else if (admin) {
    log.info({ email: admin.email }, 'first staff account created from ADMIN_EMAIL / ADMIN_PASSWORD');
  }
}
