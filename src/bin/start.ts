import { runBaseSeed } from '../../seeders/index.js';
import { migrateUp } from '../db/migrator.js';
import { closeDatabase } from '../db/sequelize.js';
import { closeRedis } from '../http/redis.js';
import { logger } from '../lib/logger.js';
import { beginShutdown } from '../lib/shutdown.js';
import { initModels } from '../models/index.js';
import { startWeb } from './web.js';
import { startWorker } from './worker.js';

/** `npm start`: migrate, seed, then the web server and the worker in one process. */
async function main(): Promise<void> {
  const log = logger();
  initModels();
  const applied = await migrateUp();
  if (applied.length) log.info({ applied }, 'migrations applied');
  await runBaseSeed();
  const web = await startWeb();
  const worker = startWorker();
  const stop = async (signal: string): Promise<void> => {
    log.info({ signal }, 'shutting down');
    beginShutdown();
    await Promise.allSettled([web.close(), worker.stop()]);
    await Promise.allSettled([closeDatabase(), closeRedis()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  logger().fatal({ err }, 'start-up failed');
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
