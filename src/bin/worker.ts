import cron, { type ScheduledTask } from 'node-cron';
import { pathToFileURL } from 'node:url';
import { jobs } from '../jobs/index.js';
import { runJob } from '../jobs/runner.js';
import { logger } from '../lib/logger.js';
import { initModels } from '../models/index.js';
import { closeDatabase } from '../db/sequelize.js';

/** Schedules every job (UTC); returns a handle that stops scheduling and waits for running jobs. */
export function startWorker(): { stop(): Promise<void> } {
  initModels();
  const log = logger().child({ component: 'worker' });
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        const run = runJob(job).catch((err) => log.error({ err, job: job.name }, 'job crashed'));
        running.add(run);
        await run;
        running.delete(run);
      },
      { timezone: 'UTC', name: job.name, noOverlap: true },
    ),
  );
  log.info({ jobs: jobs.map((j) => `${j.name} (${j.schedule})`) }, 'worker scheduled jobs');
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running]);
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const worker = startWorker();
  const shutdown = async (signal: string) => {
    logger().info({ signal }, 'worker stopping after the current job item');
    await worker.stop();
    await closeDatabase();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
