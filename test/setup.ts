import { clock } from '../src/lib/clock.js';

process.env.NODE_ENV = 'test';

/** Root hooks: every test starts from the real clock; the database closes once at the end. */
export const mochaHooks = {
  afterEach(): void {
    clock.reset();
  },
  async afterAll(): Promise<void> {
    const { closeDatabase } = await import('../src/db/sequelize.js');
    await closeDatabase();
  },
};
